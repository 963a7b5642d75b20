## Admin: statistics, providers, catalogue sync.

admin-stats-title = 📊 <b>Statistika</b> · jami { $users ->
        [one] { $users } ta foydalanuvchi
       *[other] { $users } ta foydalanuvchi
    } · kunlar UTC boʻyicha
admin-stats-today = <b>Bugun</b>
admin-stats-last-days = <b>Soʻnggi { $days } kun</b>
admin-stats-users = 👥 Foydalanuvchilar: { $new } ta yangi, { $active } ta faol
admin-stats-row-orders = Buyurtmalar
admin-stats-row-revenue = Tushum
admin-stats-row-cost = Xarajat
admin-stats-row-profit = Foyda
admin-stats-row-stars = Stars bilan
admin-stats-row-crypto = Kripto bilan
admin-stats-row-admin = Qoʻlda qoʻshilgan
admin-stats-not-known = nomaʼlum
admin-stats-cost-note = * { $unknown } ta buyurtmaning xarajati hali nomaʼlum: xarajat va foyda qolganlari boʻyicha hisoblangan.
admin-stats-top = 🏆 <b>Top xizmatlar, soʻnggi { $days } kun</b>
admin-stats-top-line = { $rank }. { $service }: { $orders ->
        [one] { $orders } ta buyurtma
       *[other] { $orders } ta buyurtma
    }, { $revenue }
admin-stats-top-empty = Hali buyurtmalar yoʻq.
admin-stats-chart-caption = Kunlik buyurtmalar, tushum, xarajat va foyda, soʻnggi { $days } kun (UTC)
admin-chart-orders = Kunlik buyurtmalar
admin-chart-money = Kunlik summalar, { $currency }
admin-chart-revenue = Tushum
admin-chart-cost = Xarajat
admin-chart-profit = Foyda

admin-providers-title = 🔌 <b>Provayderlar</b>
admin-provider-balance = 💳 Balans: { $balance }
admin-provider-balance-watched = 💳 Balans: { $balance } ({ $threshold } dan kam boʻlsa ogohlantirish)
admin-provider-balance-low = 💳 Balans: { $balance } ⚠️ { $threshold } dan kam
admin-provider-balance-failed = 💳 Balans: mavjud emas ({ $error })
admin-provider-services = 🗂 Sotuvdagi xizmatlar: { $listed } tadan { $on_sale } tasi
admin-provider-last-success = ✅ Oxirgi muvaffaqiyatli javob: { $at }
admin-provider-no-success = ✅ Hali muvaffaqiyatli javob yoʻq
admin-provider-last-error = ❌ Oxirgi xato: { $at }, { $error }
admin-provider-no-error = ❌ Xatolar yoʻq
admin-provider-error-rate = 📉 Muvaffaqiyatsiz buyurtmalar, soʻnggi { $days } kun: { $orders } tadan { $failed } tasi ({ $percent }%)
admin-provider-error-rate-none = 📉 Soʻnggi { $days } kunda buyurtmalar yoʻq
admin-provider-failing = ⚠️ Ketma-ket { $failures ->
        [one] { $failures } ta muvaffaqiyatsiz murojaat
       *[other] { $failures } ta muvaffaqiyatsiz murojaat
    }
admin-low-balance-alert = ⚠️ <b>{ $provider }</b> provayderidagi balans { $balance }, bu { $threshold } ogohlantirish chegarasidan kam. Buyurtmalar bajarilishda davom etishi uchun uni toʻldiring.

admin-sync-running = 🔄 <b>{ $provider }</b>: katalog sinxronlanmoqda…
admin-sync-done = ✅ <b>{ $provider }</b>: sinxronlandi, { $on_sale } tasi sotuvda
admin-sync-failed = ❌ <b>{ $provider }</b>: sinxronlash amalga oshmadi ({ $error }); avvalgi katalog sotuvda qoladi
admin-sync-summary = 🗂 <b>Katalog sinxronlash yakunlandi</b>
admin-sync-summary-line = <b>{ $provider }</b>: { $added } ta qoʻshildi, { $removed } ta olib tashlandi, { $repriced ->
        [one] { $repriced } ta narx oʻzgardi
       *[other] { $repriced } ta narx oʻzgardi
    }
admin-sync-summary-failed = <b>{ $provider }</b>: amalga oshmadi, hech narsa oʻzgarmadi

## Administrator buyruqlari Telegram menyusida: bir necha soʻz bilan.
command-credit = Balansni toʻldirish yoki yechish
command-stats = Savdo, xarajat va foyda, grafik bilan
command-user = Mijozni topish
command-order = Buyurtmani topish
command-providers = Taʼminotchilar: balans va holat
command-sync = Katalogni hozir yangilash
command-service = Xizmatni koʻrish yoki oʻzgartirish
command-markup = Ustamani koʻrish yoki belgilash
command-fx = Valyuta kurslari
command-broadcast = Barcha mijozlarga xabar yuborish
command-maintenance = Texnik ishlar rejimini yoqish yoki oʻchirish
command-starsrefund = Stars toʻlovini qaytarish
command-tickets = Ochiq yordam murojaatlari

## Administrator uchun /help: har bir buyruq, u nima qilishi (command-<name>) va misol.
admin-help-title = 🛠 <b>Administrator buyruqlari</b>
admin-help-line = <b>{ $command }</b> — { $what }: <code>{ $example }</code>
admin-help-example-credit = /credit 123456789 5 tanlov sovrini
admin-help-example-stats = /stats
admin-help-example-user = /user @username
admin-help-example-order = /order 17
admin-help-example-providers = /providers
admin-help-example-sync = /sync
admin-help-example-service = /service 12 markup 35
admin-help-example-markup = /markup 25
admin-help-example-fx = /fx USD 92.5
admin-help-example-broadcast = /broadcast
admin-help-example-maintenance = /maintenance on
admin-help-example-starsrefund = /starsrefund stxAbC123
admin-help-example-tickets = /tickets

## Javobsiz /broadcast: bot xabarni soʻraydi va uni mijozlar qanday olsa, shunday koʻrsatadi.
admin-broadcast-ask = 📣 Barcha mijozlarga yuboriladigan xabarni joʻnating: matn yoki izohli rasm. Yuborishdan oldin uni mijozlar qanday koʻrsa, shunday koʻrsataman. Bekor qilish: /cancel.
admin-broadcast-preview-confirm = 📣 Yuqorida xabar mijozlarga qanday borsa, shunday koʻrsatilgan. U <b>{ $count } ta mijozga</b> yuborilsinmi?

## /order: buyurtma ortda qoldirgan muammo, tarixi ostida.
admin-order-past-error = Avvalgi muammo: { $error }

## Mijozlar uchun demo toʻldirish: faqat xizmatlar manbai yagona ichki sandbox boʻlganda.
topup-btn-demo = 🧪 Demo toʻldirish: +{ $amount }
topup-demo-note = 🧪 Bu demo doʻkon: buyurtmalar faqat taqlid qilinadi, hech narsa yetkazilmaydi. Demo pul bilan sinab koʻring, toʻlov shart emas.
topup-demo-done = 🧪 Balansingizga { $amount } demo pul qoʻshildi, endi unda { $balance }. Bu yerda buyurtmalar faqat taqlid qilinadi, xohlaganingizni sinab koʻring.
topup-demo-unavailable = Bu doʻkonda demo pul yoʻq.
ledger-demo_topup = demo toʻldirish

## Referrals (issue 15)
referral-admin-unrecovered = ⚠️ Referal mukofotining bir qismini qaytarib olib boʻlmadi (taklif qilgan kishining balansi yetmadi): { $amount }. Summa qayd etildi.
referral-admin-user = Taklif qilgan: { $referrer } · olib kelgan: { $joined } { $referees } · ishlab topgan: { $earned }
referral-admin-nobody = hech kim
referral-admin-stats = Referal toʻlovlari: { $paid } (qaytarishlardan keyin undirilmagan: { $unrecovered })

## Admin alert digests (issue 18): the alerts of one kind that came within a minute, as one message.
notice-digest-unknown-outcome = ⚠️ <b>Natijasi nomaʼlum buyurtmalar: { $count } ta</b>. Har birini hal qilmaguningizcha mijozlarning mablagʻi band turadi.
notice-digest-unknown-status = ❓ <b>Holati bizga notanish buyurtmalar: { $count } ta</b>. Ular oʻz holatini saqlaydi va tekshirilishda davom etadi.
notice-digest-attention = 🔔 <b>Eʼtibor talab qiladigan buyurtmalar: { $count } ta</b>
notice-digest-below-cost = 📉 <b>Tannarxidan arzonga sotilib qolmasligi uchun yashirilgan xizmatlar: { $count } ta</b>
notice-digest-payment-not-credited = 💳 <b>Hali balansga oʻtkazilmagan Stars toʻlovlari: { $count } ta</b>. Har raundda qayta urinib koʻriladi.
notice-digest-crypto-attention = ⚠️ <b>Oʻz hisobiga mos kelmagan Crypto Pay toʻlovlari: { $count } ta</b>. Ular uchun hech narsa oʻtkazilmadi.
notice-digest-audit = 🧾 <b>Pul tekshiruvi topgan muammolar: { $count } ta</b>. Toʻliq roʻyxat uchun serverda <code>smmbot audit</code> ni ishga tushiring.
notice-digest-low-balance = 💰 <b>Balansi ogohlantirish chegarasidan past provayderlar: { $count } ta</b>
notice-digest-more = …va yana { $count } ta.
notice-digest-btn-refund = ↩️ #{ $id }: pulni qaytarish
notice-digest-btn-placed = ✅ #{ $id }: berilgan
