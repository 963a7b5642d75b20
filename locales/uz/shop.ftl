## Oʻzbekcha (lotin yozuvi). Every key here must exist in English (a test checks it).
## Texts use Telegram HTML; variables that carry customer or provider text arrive escaped.

command-start = Doʻkonni ochish
command-help = Qanday ishlaydi
command-cancel = Joriy amalni bekor qilish

btn-menu = 🏠 Menyu
btn-new-order = 🛒 Yangi buyurtma
btn-search = 🔎 Qidirish
btn-search-again = 🔎 Yana qidirish
btn-my-orders = 📦 Buyurtmalarim
btn-balance = 💰 Balans
btn-language = 🌐 Til
btn-help = ❓ Yordam
btn-back = ⬅️ Orqaga
btn-cancel = ✖️ Bekor qilish
btn-order = 🛒 Buyurtma berish
btn-confirm = ✅ Tasdiqlash va toʻlash
btn-order-details = 📄 Buyurtma tafsilotlari
btn-order-again = 🔁 Yana buyurtma berish

menu-text =
    👋 Salom, { $name }!
    Balansingiz: <b>{ $balance }</b>

    Nima qilmoqchisiz, tanlang:
help-text =
    <b>Qanday ishlaydi</b>
    1. «Yangi buyurtma» tugmasini bosing, boʻlim va xizmatni tanlang.
    2. Havolani yuboring (kanal, post yoki referal havolangiz).
    3. Miqdorni yuboring va jami summani tekshiring.
    4. Tasdiqlang: buyurtma balansingizdan toʻlanadi va darhol yuboriladi.

    Har bir buyurtmani «Buyurtmalarim» boʻlimida kuzatib borishingiz mumkin. /cancel istalgan qadamdan chiqaradi, /start menyuni ochadi.
language-text = Tilni tanlang:
cancelled = Bekor qilindi. Hech narsa buyurtma qilinmadi.
unknown-command = Bunday buyruqni bilmayman. /start menyuni ochadi, /help buyurtma berish qanday ishlashini tushuntiradi.
use-buttons = Iltimos, quyidagi tugmalardan foydalaning.
stale-button = Bu tugma endi faol emas. Iltimos, eng soʻnggi xabardan foydalaning.
sandbox-notice = ⚠️ Provayder sozlanmagan: doʻkon ichki sinov rejimida ishlamoqda. Buyurtmalar taqlid qilinadi va hech narsa yetkazilmaydi.

price-per-unit = { $price } / { $unit }
price-per-item = { $kind ->
        [comments] har bir izoh uchun { $price }
       *[other] har biri uchun { $price }
    }
catalogue-empty = Hozircha sotuvda hech narsa yoʻq. Iltimos, birozdan keyin qaytib keling.
categories-text = 🛒 <b>Yangi buyurtma</b>
    Boʻlimni tanlang:
services-text = <b>{ $category }</b>
    Xizmatni tanlang (narx miqdor boʻyicha koʻrsatilgan):
services-empty = Hozircha <b>{ $category }</b> boʻlimida sotuvda hech narsa yoʻq.
search-prompt = 🔎 Nima qidirayotganingizni yozing, masalan «koʻrishlar» yoki «Notpixel».
search-results = 🔎 «{ $query }» boʻyicha topildi:
search-nothing = 🔎 «{ $query }» boʻyicha hech narsa topilmadi. Boshqa soʻzni sinab koʻring.
service-card =
    <b>{ $name }</b>
    <i>{ $category }</i>
    { $description }
    Narx: <b>{ $price }</b>
    Eng kami: { $min }, eng koʻpi: { $max }
service-unavailable = Bu xizmat endi sotuvda emas. Iltimos, boshqasini tanlang.

ask-link-any = «{ $service }» uchun havolani yuboring (https:// bilan boshlanadigan toʻliq manzil).
ask-link-telegram = «{ $service }» uchun Telegram kanali, guruhi yoki postiga havolani yuboring, masalan https://t.me/yourchannel yoki @yourchannel.
ask-link-referral = «{ $service }» uchun { $bot } botiga referal havolangizni yuboring. Unda start parametri boʻlishi kerak, masalan https://t.me/bot/app?startapp=yourcode.
link-not-url = Bu havolaga oʻxshamaydi. Iltimos, toʻliq manzilni yuboring, masalan https://t.me/yourchannel.
link-not-telegram = Bu xizmat uchun Telegram havolasi kerak (t.me/… yoki @nom).
link-no-start = Bu referal havola emas: unda start parametri yoʻq (?startapp=… yoki ?start=…). Mini-ilovani oching, taklif havolangizni nusxalab, shu yerga yuboring.
link-wrong-bot = Bu referal havola boshqa botga olib boradi. Bu xizmat faqat { $bot } botiga olib boradigan havolalar bilan ishlaydi.

ask-quantity =
    Qancha kerak? { $min } dan { $max } gacha son yuboring.
    Narx: { $price }
quantity-not-number = Iltimos, miqdorni faqat raqamlar bilan yuboring, { $min } dan { $max } gacha.
quantity-below-min = Bu juda kam. Minimal buyurtma: { $min } ta.
quantity-above-max = Bu juda koʻp. Maksimal buyurtma: { $max } ta.

confirm-text =
    <b>Iltimos, buyurtmangizni tekshiring</b>
    Xizmat: { $service }
    Havola: { $link }
    Miqdor: { $quantity }{ $details }
    Jami: <b>{ $total }</b>
confirm-balance =
    Balansingiz: { $balance }
    Buyurtmadan keyingi balans: { $after }
confirm-short =
    Balansingiz: { $balance }
    ⚠️ Bu buyurtma uchun <b>{ $missing }</b> yetishmayapti.
confirm-short-stars = Quyidagi hisobni toʻlang ({ $stars } yulduz) — buyurtma shu narxda oʻzi beriladi. U toʻlovingizni { $hours } soat kutadi.
confirm-short-or-crypto = Kriptovalyuta bilan ham toʻlash mumkin — quyidagi tugma orqali.
confirm-short-topup = Quyidagi tugma orqali balansni kamida yetishmayotgan summaga toʻldiring — buyurtma shu narxda oʻzi beriladi. U toʻlovingizni { $hours } soat kutadi.
confirm-short-stars-too-many = Yulduzlar bilan bir martada koʻpi bilan { $max } yulduz toʻlash mumkin, bu buyurtma uchun esa bu yetmaydi.
confirm-short-no-topup = Bu doʻkonda hozircha balansni toʻldirib boʻlmaydi.{ $support_via ->
    [none] {""}
   *[other] {" "}{ support-for-top-up }
}
btn-pay-stars = ⭐ { $stars } yulduz toʻlash
purchase-still-short = ⏳ Buyurtmangiz hali ham toʻlovni kutmoqda: yana <b>{ $missing }</b> kerak. Qolganini toʻldiring — buyurtma oʻzi beriladi.

order-placed =
    ✅ <b>#{ $id }</b> buyurtma berildi va bajarilmoqda.
    Balansingiz: { $balance }
    Uni «Buyurtmalarim» boʻlimida kuzatib boring.
order-rejected =
    ❌ #{ $id } buyurtma qabul qilinmadi: { $reason }
    { $refunded } balansingizga qaytarildi.
order-unconfirmed =
    ⏳ #{ $id } buyurtma tekshirilmoqda: tasdiq odatdagidan uzoqroq kechikyapti.
    Pulingiz shu buyurtma uchun band qilingan, yoʻqolmaydi va ikki marta yechilmaydi. Biz tekshirib, sizga xabar beramiz.
order-insufficient = Balansingizda mablagʻ yetarli emas: { $missing } yetishmayapti. Balansingizdan pul yechilmadi.
order-already-placed = Bu buyurtma allaqachon #{ $id } raqami bilan berilgan. Balansingizdan pul ikki marta yechilmadi.
order-price-changed = Siz qaror qilayotganingizda narx oʻzgardi: endi jami { $total }. Balansingizdan pul yechilmadi; iltimos, buyurtmani qaytadan boshlang.
order-again-limits = Endi bu xizmatni bir martada { $min } tadan { $max } tagacha buyurtma qilish mumkin, shuning uchun { $quantity } ta bilan takrorlab boʻlmaydi. Mos miqdor bilan yangi buyurtma bering.
reason-link = bu havola boʻyicha buyurtma bajarib boʻlmaydi. Iltimos, u ochiq va toʻgʻri ekanini tekshiring.
reason-quantity = bu havola uchun hozir bunday miqdorni buyurtma qilib boʻlmaydi.
reason-duplicate = bu havola uchun buyurtma hali bajarilmoqda. Iltimos, u tugashini kuting.
reason-busy = hozir buyurtmalar vaqtincha qabul qilinmayapti. Iltimos, bir necha daqiqadan keyin qayta urinib koʻring.
reason-unavailable = xizmat vaqtincha mavjud emas. Iltimos, keyinroq urinib koʻring yoki boshqasini tanlang.

orders-empty = Sizda hali buyurtmalar yoʻq.
orders-text = 📦 <b>Buyurtmalarim</b> ({ $count ->
        [one] { $count } ta buyurtma
       *[other] { $count } ta buyurtma
    }), avval yangilari:
order-details =
    📄 <b>#{ $id } buyurtma</b>
    Xizmat: { $service }
    Havola: { $link }
    Miqdor: { $quantity }{ $details }
    Toʻlangan: { $charge }
    Holat: <b>{ $state }</b>{ $progress }
    Yaratilgan: { $created }
state-submitting = yuborilmoqda
state-placed = berildi
state-rejected = rad etildi, pul qaytarildi
state-unknown_outcome = tekshirilmoqda
state-pending = boshlanishini kutmoqda
state-in_progress = bajarilmoqda
state-completed = bajarildi
state-partial = qisman bajarildi
state-canceled = bekor qilindi
state-refunded = pul qaytarildi
state-failed = bajarilmadi

balance-text = 💰 Balansingiz: <b>{ $balance }</b>
    Soʻnggi operatsiyalar:
balance-no-movements = hali yoʻq.
balance-topup-hint = { $support_via ->
    [none] Bu doʻkonda hozircha balansni toʻldirib boʻlmaydi.
   *[other] { support-for-top-up }
}
ledger-admin_credit = toʻldirish
ledger-order_charge = #{ $reference } buyurtma
ledger-order_refund = #{ $reference } buyurtma uchun qaytarilgan pul

credit-usage = Foydalanish: /credit &lt;user_id&gt; &lt;summa&gt; [sabab]
credit-done = { $user } foydalanuvchiga { $amount } qoʻshildi. Uning balansi: { $balance }.
credit-unknown-user = { $user } foydalanuvchi hali botni ishga tushirmagan: hech narsa qoʻshilmadi.
credit-duplicate = Bu buyruq allaqachon bajarilgan: hech narsa ikki marta qoʻshilmadi.
credit-received = 💰 Balansingiz { $amount } ga toʻldirildi. Balans: { $balance }.

btn-all-at-once = ⚡ Hammasini birdaniga
ask-comments =
    Izohlarni yuboring, har birini alohida qatorda: har bir qator bitta izoh boʻladi.
    { $min } dan { $max } gacha qator.
comments-too-few = Izohlar juda kam: kamida { $min } qator yuboring, har bir qatorda bitta izoh.
comments-too-many = Izohlar juda koʻp: koʻpi bilan { $max } qator.
comments-too-long = { $line }-qatordagi izoh juda uzun. Iltimos, uni qisqartiring.
ask-poll-answer = Ovozlar qaysi javobga berilsin? Uning soʻrovnomadagi raqamini yuboring (birinchi javob uchun 1).
poll-answer-invalid = Iltimos, javob raqamini yuboring, 1 dan { $max } gacha.
ask-dripfeed =
    Hammasi birdaniga: { $quantity } ta — { $price }.
    Yoki bosqichma-bosqich: har bir bosqichda { $quantity } ta yetkaziladi va har bir bosqich alohida toʻlanadi. Bosqichlar sonini va ular orasidagi daqiqalarni yuboring, masalan «{ $runs } { $interval }»: har { $interval } daqiqada { $runs } bosqich — jami { $total } ta, { $total_price }.
dripfeed-invalid = Iltimos, ikkita son yuboring: bosqichlar (2 dan 100 gacha) va ular orasidagi daqiqalar (1 dan 1440 gacha), masalan «5 30». Yoki «Hammasini birdaniga» tugmasini bosing.
order-comments = Izohlar: { $count }
order-poll-answer = Soʻrovnoma javobi: №{ $answer }
order-dripfeed = Boʻlib yetkazish: { $runs } bosqich × { $quantity }, har { $interval } daqiqada (jami { $total })
confirm-subscribers = Kanalda hozir { $count } ta obunachi bor.

## Referrals (issue 15)
btn-invite = 👥 Doʻstlarni taklif qilish
referral-screen =
    👥 <b>Doʻstlarni taklif qilish</b>

    Shaxsiy havolangizni ulashing. Kimdir doʻkonni shu havola orqali ochsa, uning har bir bajarilgan buyurtmasi uchun toʻlagan summasining { $percent }% qismi balansingizga tushadi.

    { $link }

    Havolangiz orqali qoʻshilganlar: { $joined }
    Ishlab topilgan: { $earned }
referral-off = Taklif dasturi hozir ishlamayapti.
referral-earned =
    🎁 { $level ->
        [1] Siz taklif qilgan doʻstingiz
       *[other] Doʻstingiz taklif qilgan kishi
    } buyurtmani yakunladi: balansingizga { $amount } qoʻshildi.
    Balans: { $balance }
ledger-referral_commission = taklif qilingan doʻst buyurtmasi uchun bonus
ledger-referral_reversal = qaytarishdan soʻng taklif bonusi qaytarib olindi

## The "API" screen under the balance: a customer's key to the shop's panel API (issue 16).
api-btn = 🔌 API
api-text =
    🔌 <b>Reselerlar uchun API</b>
    Xizmatlarimizni oʻz panelingiz yoki botingiz orqali soting. API SMM panellarning API v2 kabi ishlaydi: <code>services</code>, <code>add</code>, <code>status</code>, <code>balance</code>, <code>refill</code>, <code>refill_status</code>, <code>cancel</code> amallari. API manzilini bizdan soʻrang.
    API orqali berilgan buyurtmalar shu balansdan toʻlanadi va «Buyurtmalarim» boʻlimida koʻrinadi. Har bir <code>add</code> soʻrovi — yangi buyurtma: panelingiz soʻrovni takrorlasa, ikki marta toʻlaysiz.
api-key-live = Sizda API kaliti bor, { $since } yaratilgan. U faqat bir marta koʻrsatiladi; agar uni yoʻqotgan boʻlsangiz, yangisini yarating — eskisi darhol ishlamay qoladi.
api-key-none = Sizda hali API kaliti yoʻq.
api-btn-create = 🔑 Kalit yaratish
api-btn-replace = 🔑 Yangi kalit yaratish
api-btn-revoke = 🚫 Kalitni bekor qilish
api-key-created = 🔑 Yangi API kalitingiz. Uni hozir saqlab qoʻying: u boshqa koʻrsatilmaydi. Uni hech kimga bermang — u bilan balansingizni sarflash mumkin.
api-key-revoked = 🚫 API kalitingiz bekor qilindi va endi ishlamaydi.
api-not-offered = Hisobingiz uchun API mavjud emas. Xizmatlarimizni qayta sotmoqchi boʻlsangiz, doʻkonga yozing.
# The Mini App: the shop as a page inside Telegram.
webapp-open = 🛍 Doʻkonni ochish
webapp-title = Doʻkon
webapp-tab-shop = Doʻkon
webapp-tab-orders = Buyurtmalarim
webapp-tab-balance = Balans
webapp-search = Xizmatlarni qidirish
webapp-nothing-found = Hech narsa topilmadi. Boshqa soʻz bilan urinib koʻring.
webapp-link = Havola
webapp-quantity = Miqdor
webapp-comments = Izohlar, har biri alohida qatorda
webapp-answer-number = Ovoz beriladigan javob raqami
webapp-limits = { $min } dan { $max } gacha
webapp-total = Jami
webapp-continue = Davom etish
webapp-top-up = Chatda toʻldirish
webapp-open-chat = Chatga qaytish
webapp-your-balance = Balansingiz
webapp-movements = Soʻnggi amallar
webapp-not-signed = Doʻkonni bot chatidagi tugma orqali oching.
webapp-failed = Nimadir notoʻgʻri ketdi. Birozdan soʻng qayta urinib koʻring.
webapp-short-top-up = «Chatda toʻldirish» tugmasini bosing: toʻlov chatga keladi, u toʻlangach, buyurtma shu narxda oʻzi rasmiylashtiriladi.
webapp-top-up-in-chat = Toʻlov chatda sizni kutmoqda. U toʻlanishi bilan buyurtma oʻzi rasmiylashtiriladi.
webapp-expired = Bu tasdiqlash eskirgan. Buyurtmani qaytadan tekshiring.
webapp-no-such-order = Bunday buyurtma yoʻq.
webapp-join-channel = 📢 Doʻkondan foydalanish uchun avval kanalimizga obuna boʻling, soʻng doʻkonni qaytadan oching.
