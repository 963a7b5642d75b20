## Pricing admin: services, markups, exchange rates, the loss guard.

pricing-saved = ✅ Saqlandi, narxlar yangilandi: { $on_sale } tasi sotuvda, { $hidden } tasi yashirilgan.
pricing-saved-below-cost = ⚠️ { $count ->
    [one] Bitta xizmat
   *[other] { $count } ta xizmat
} tannarxdan arzon sotilgan boʻlardi, shuning uchun { $count ->
    [one] yashirildi
   *[other] yashirildi
}.
pricing-unknown-category = #{ $id } turkum yoʻq. /markup ularni roʻyxatini koʻrsatadi.
pricing-unknown-service = #{ $id } xizmat yoʻq.
pricing-too-long = Bu juda uzun: koʻpi bilan { $max } belgi.

pricing-markup-title = 📈 <b>Ustamalar</b>
pricing-markup-global-default = Umumiy: <b>{ $percent } %</b> (DEFAULT_MARKUP_PERCENT, bu yerda oʻrnatilguncha)
pricing-markup-global-set = Umumiy: <b>{ $percent } %</b>
pricing-markup-no-categories = Hali turkumlar yoʻq.
pricing-markup-category = #{ $id } { $name }: <b>{ $percent } %</b>
pricing-markup-category-global = #{ $id } { $name }: umumiy
pricing-markup-more = …va yana { $count } ta turkum.
pricing-markup-usage =
    <code>/markup 25</code> umumiy ustamani foizda belgilaydi.
    <code>/markup category 3 40</code> #3 turkumga alohida ustama beradi; <code>/markup category 3 off</code> uni olib tashlaydi.
    Avval xizmatning oʻz ustamasi yoki qatʼiy narxi (<code>/service</code>), keyin turkumniki, soʻng umumiy ustama qoʻllanadi.

pricing-fx-title = 💱 <b>{ $shop } ga nisbatan valyuta kurslari</b>
pricing-fx-none = Barcha xizmatlar narxi { $shop } da: kurslar kerak emas.
pricing-fx-rate = 1 { $currency } = <b>{ $rate } { $shop }</b> · { $services ->
    [one] { $services } ta xizmat
   *[other] { $services } ta xizmat
}
pricing-fx-missing = { $currency }: <b>kurs yoʻq</b> · { $services ->
    [one] { $services } ta xizmat yashirilgan
   *[other] { $services } ta xizmat yashirilgan
}
pricing-fx-usage =
    <code>/fx USD 92.5</code> bir USD necha { $shop } turishini belgilaydi; shundan soʻng narxi USD da boʻlgan xizmatlar sotuvga chiqadi.
    <code>/fx USD off</code> kursni olib tashlaydi: bu xizmatlar yashiriladi.
pricing-fx-shop-currency = { $currency } doʻkon valyutasi: unga valyuta kursi kerak emas.

pricing-service-usage =
    <code>/service 12</code> #12 xizmatni koʻrsatadi. Soʻngra:
    <code>/service 12 enable</code> yoki <code>disable</code>
    <code>/service 12 name</code> yangi nom
    <code>/service 12 description</code> yangi matn
    <code>/service 12 price 1.50</code> — bir toʻplam (1000 yoki 1 dona) uchun qatʼiy narx; <code>off</code> ustamaga qaytaradi
    <code>/service 12 markup 35</code> — foizdagi oʻz ustamasi; <code>off</code> uni olib tashlaydi
pricing-card-title = 🛠 <b>#{ $id } xizmat</b>: { $name }
pricing-card-provider-name = Provayderdagi nomi: { $name }
pricing-card-category = Turkum: { $category } (#{ $id })
pricing-card-provider = Provayder: { $provider }, xizmat <code>{ $service }</code>
pricing-card-rate = Provayder narxi: { $rate } / { $unit }
pricing-card-cost = Bizga tushadi: { $cost } / { $unit }
pricing-card-price-fixed = Bizning narx: <b>{ $price }</b> / { $unit } (qatʼiy)
pricing-card-price-markup = Bizning narx: <b>{ $price }</b> / { $unit } (ustama { $percent } %, { $source })
pricing-source-service = xizmatning oʻziniki
pricing-source-category = turkumniki
pricing-source-global = umumiy
pricing-card-no-price = Bizning narx: yoʻq — { $reason }
pricing-card-on-sale = Holat: ✅ sotuvda
pricing-card-off = Holat: ⏸ oʻchirilgan
pricing-card-hidden = Yashirilgan: { $reason }
pricing-card-commands =
    Oʻzgartirish: <code>/service { $id } name …</code>, <code>description …</code>, <code>price &lt;summa|off&gt;</code>, <code>markup &lt;foiz|off&gt;</code>
pricing-btn-disable = ⏸ Oʻchirish
pricing-btn-enable = ▶️ Yoqish

# To admins, from a sync or a price change. $service is already escaped.
pricing-alert-below-cost =
    📉 <b>#{ $id } xizmat yashirildi: tannarxdan arzon</b>
    { $service } ({ $provider })
    U bizga har { $unit } uchun { $cost } ga tushadi, lekin { $price } ga sotilmoqda.
    Narxini <code>/service { $id } price &lt;summa&gt;</code> bilan yoki ustamasini oʻzgartiring; foyda keltira boshlaganda u yana sotuvga chiqadi.

## Administrator buyrugʻidan keyingi soʻzlarda nima notoʻgʻri; undan soʻng buyruq qoʻllanmasi.
args-not-an-id = “{ $got }” son emas: raqamlar butun son bilan yoziladi, masalan 17.
args-markup = Ustama -100 dan katta va 10 000 dan oshmaydigan foiz boʻlishi kerak, siz esa { $got } yozdingiz.
args-not-a-currency = “{ $got }” valyuta kodi emas: uning uch harfini yozing, masalan USD.
args-rate = Kurs noldan katta son boʻlishi kerak, siz esa { $got } yozdingiz.
args-amount = Summa { $currency } hisobida noldan katta son boʻlishi kerak, siz esa { $got } yozdingiz.
args-too-many = Buyruq oxirida ortiqcha narsa bor: “{ $extra }”.
args-unknown-setting = Xizmatda “{ $got }” degan sozlama yoʻq: enable, disable, name, description, price yoki markup ni yozing.
args-missing-id = Raqam yozilmagan: <code>{ $example }</code>
args-missing-who = Kim? ID yoki @username yozing: <code>{ $example }</code>
args-missing-percent = Ustama yozilmagan: <code>{ $example }</code>
args-missing-rate = Kurs yozilmagan: <code>{ $example }</code>
args-missing-amount = Summa yozilmagan: <code>{ $example }</code>
args-missing-text = Yangi matn yozilmagan: <code>{ $example }</code>

## /promo: promokodlar.
promo-admin-usage = <code>/promo new KOD credit 100</code> yoki <code>/promo new KOD discount 10%</code>, ixtiyoriy ravishda <code>uses N</code>, <code>until YYYY-MM-DD</code>, <code>new-customers-only</code> va (faqat chegirmalar uchun) <code>below-cost</code>; <code>/promo list</code>; <code>/promo off KOD</code>
promo-admin-missing-code = Kod koʻrsatilmagan.
promo-admin-bad-code = «{ $word }» kod boʻla olmaydi: 3 tadan 32 tagacha lotin harfi, raqam, - yoki _.
promo-admin-bad-kind = Koddan keyin <code>credit</code> yoki <code>discount</code> deb yozing{ $word ->
        [none] .
       *[other] , «{ $word }» emas.
    }
promo-admin-missing-value = Summa (credit) yoki foiz (discount) koʻrsatilmagan.
promo-admin-bad-amount = «{ $word }» noldan katta summa emas.
promo-admin-bad-percent = «{ $word }» 1 dan 100 gacha foiz emas.
promo-admin-missing-uses = <code>uses</code> dan keyin kod necha marta ishlatilishini yozing.
promo-admin-bad-uses = «{ $word }» noldan katta foydalanishlar soni emas.
promo-admin-missing-date = <code>until</code> dan keyin oxirgi kunni YYYY-MM-DD koʻrinishida yozing.
promo-admin-bad-date = «{ $word }» YYYY-MM-DD koʻrinishidagi sana emas.
promo-admin-below-cost-on-credit = <code>below-cost</code> faqat chegirma kodlari uchun.
promo-admin-repeated = «{ $word }» ikki marta yozilgan.
promo-admin-unknown-word = «{ $word }» promokod parametri emas.
promo-admin-created = <code>{ $code }</code> promokodi yaratildi.
promo-admin-exists = <code>{ $code }</code> promokodi allaqachon bor.
promo-admin-off = <code>{ $code }</code> promokodi oʻchirildi.
promo-admin-no-such-code = <code>{ $code }</code> promokodi yoʻq.
promo-admin-list-empty = Hozircha promokodlar yoʻq.
promo-admin-list-title = <b>Promokodlar</b> (foydalanishlar, shu paytgacha xarajat):
promo-admin-list-line = <code>{ $code }</code> { $reward } · { $uses } · { $cost } { $notes }
promo-admin-note-off = oʻchirilgan
promo-admin-note-until = { $date } gacha
promo-admin-note-new-only = faqat yangi mijozlar
promo-admin-note-below-cost = tannarxdan past boʻlishi mumkin
command-promo = Promokodlar: yaratish, roʻyxat, oʻchirish
admin-help-example-promo = /promo new SPRING discount 10% uses 100
