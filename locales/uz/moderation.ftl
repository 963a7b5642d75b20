## Admin: users, orders, broadcast, maintenance; banned customers.

# To customers.
mod-banned = ⛔ Siz endi bu doʻkondan foydalana olmaysiz.{ $support_via ->
    [both] {" "}Agar bu xato deb hisoblasangiz, { $support_contact } ga yozing.
    [contact] {" "}Agar bu xato deb hisoblasangiz, { $support_contact } ga yozing.
   *[other] {""}
}
mod-closed = 🛠 Doʻkon hozir texnik ishlar uchun yopiq. Iltimos, birozdan keyin qaytib keling.
mod-debit-received = 💸 Balansingizdan { $amount } yechildi: { $reason }. Balans: { $balance }.

# A statement line; the balance screen names it after the ledger kind, hence no `mod-` prefix.
ledger-admin_debit = tuzatish

# /user
mod-user-usage = Foydalanish: /user &lt;id yoki @username&gt;
mod-user-not-found = { $who } ismli hech kim botni ishga tushirmagan.
mod-profile =
    👤 <b>{ $name }</b> { $username } · id <code>{ $id }</code>
    Til: { $language } · { $since } dan beri · oxirgi faollik { $seen }
    Balans: <b>{ $balance }</b>
mod-profile-no-username = (username yoʻq)
mod-profile-admin = 🛡 Admin.
mod-profile-banned = ⛔ { $time } dan beri bloklangan.
mod-profile-blocked = 🚫 { $time } da botni bloklagan.
mod-profile-orders = { $count ->
    [0] Hali buyurtmalar yoʻq.
    [one] <b>{ $count } ta buyurtma</b>, soʻnggilari:
   *[other] <b>{ $count } ta buyurtma</b>, soʻnggilari:
}
mod-profile-ledger = <b>Soʻnggi operatsiyalar</b>:
mod-profile-no-ledger = Hali operatsiyalar yoʻq.
mod-btn-credit = ➕ Qoʻshish
mod-btn-debit = ➖ Yechish
mod-btn-ban = ⛔ Bloklash
mod-btn-unban = ✅ Blokdan chiqarish
mod-btn-refresh = 🔄 Yangilash
mod-ban-done = ⛔ { $user } foydalanuvchi bloklandi: u bitta qisqa javob oladi, keyin jimlik.
mod-unban-done = ✅ { $user } foydalanuvchi endi bloklanmagan.
mod-ban-admin = Adminlarni bloklab boʻlmaydi: avval ularni ADMIN_IDS dan chiqaring.

# Credit and debit from a profile.
mod-credit-ask = ➕ { $name } (id { $user }, balans { $balance }) balansiga qancha qoʻshilsin va nima uchun? Summa va sababni yuboring, masalan <code>5 tanlov uchun bonus</code>.
mod-debit-ask = ➖ { $name } (id { $user }, balans { $balance }) balansidan qancha yechilsin va nima uchun? Summa va sababni yuboring, masalan <code>5 karta orqali qaytarildi</code>.
mod-change-invalid = Summani { $currency } da, noldan katta qilib, keyin sababni yuboring, masalan <code>5 tanlov uchun bonus</code>.
mod-credited = ✅ { $user } foydalanuvchi balansiga { $amount } qoʻshildi ({ $reason }). Balans: { $balance }.
mod-debited = ✅ { $user } foydalanuvchi balansidan { $amount } yechildi ({ $reason }). Balans: { $balance }.
mod-debit-short = Balans { $balance }: { $amount } yechib boʻlmaydi. Kichikroq summa yuboring yoki /cancel.
mod-change-duplicate = Bu xabar allaqachon bajarilgan: hech narsa ikki marta oʻzgarmadi.

# /order
mod-order-usage = Foydalanish: /order &lt;buyurtma id&gt;
mod-order-not-found = #{ $id } buyurtma yoʻq.
mod-order =
    📦 <b>#{ $id } buyurtma</b> · { $state }
    Mijoz: { $customer } · id <code>{ $user }</code>
    Xizmat: { $service } (#{ $service_id })
    Havola: { $link }
    Miqdor: { $quantity } · yechilgan: { $charge } · qaytarilgan: { $refunded }
    Yetkazib beruvchi: { $provider } · uning xizmati { $provider_service } · uning buyurtmasi { $provider_order }
    Yaratilgan { $created } · oʻzgargan { $updated }
mod-order-error = Muammo: { $error }
mod-order-answer =
    <b>Yetkazib beruvchining oxirgi javobi</b> ({ $time }):
    holat «{ $status }» · qoldiq { $remains } · boshlangʻich son { $start } · narx { $charge }
mod-order-no-answer = Yetkazib beruvchi bu buyurtma haqida hali javob bermagan.
mod-order-events = <b>Oʻzgarishlar</b>, soʻnggilari:
mod-order-event = { $time } · { $state } · «{ $status }» · qoldiq { $remains }
mod-btn-refund-all = ↩️ Hammasini qaytarish: { $amount }
mod-btn-refund-part = ↩️ Qisman qaytarish
mod-btn-customer = 👤 Mijoz
mod-refund-ask = ↩️ #{ $id } buyurtmadan qancha qaytarilsin, koʻpi bilan { $charge }? Summani va xohlasangiz sababni yuboring, masalan <code>0.50 yarmi yetkazilmadi</code>. Admin buyurtma uchun pulni bir marta qaytaradi; buyurtma keyin bekor qilinsa, doʻkon faqat qaytarilishi kerak boʻlgan qoldiqni qaytaradi.
mod-refund-invalid = Noldan katta va koʻpi bilan { $charge } boʻlgan summani yuboring, masalan <code>0.50</code>.
mod-refunded = ↩️ #{ $id } buyurtmadan { $amount } { $user } foydalanuvchiga qaytdi, unga xabar beriladi.
mod-refund-again = #{ $id } buyurtma uchun pul allaqachon qaytarilgan (jami { $amount }). Admin buyurtma uchun pulni bir marta va uning narxidan oshirmay qaytaradi: hech narsa oʻzgarmadi.
mod-refund-not-settled = #{ $id } buyurtma holati: { $state }; bu hal boʻlmaguncha pulni qaytarib boʻlmaydi.

# /broadcast
mod-broadcast-usage = Har bir mijozga yubormoqchi boʻlgan xabaringizga <code>/broadcast</code> deb javob yozing.
mod-broadcast-nobody = Yuborish uchun birorta ham mijoz yoʻq.
mod-broadcast-confirm = { $count ->
    [one] 📣 Siz javob yozgan xabar <b>{ $count } ta mijozga</b> yuborilsinmi?
   *[other] 📣 Siz javob yozgan xabar <b>{ $count } ta mijozga</b> yuborilsinmi?
}
    Botni bloklagan yoki bloklangan mijozlar hisobga olinmaydi.
mod-btn-broadcast-send = 📣 Yuborish
mod-broadcast-started = { $count ->
    [one] 📣 #{ $id } tarqatma { $count } ta mijozga boshlanmoqda…
   *[other] 📣 #{ $id } tarqatma { $count } ta mijozga boshlanmoqda…
}
mod-broadcast-progress = 📣 #{ $id } tarqatma: { $recipients } tadan { $done } tasi bajarildi.
mod-broadcast-paused = ⏸ { $seconds } s pauza: Telegram sekinlashtirishni soʻradi yoki unga ulanib boʻlmadi. Yuborish oʻzi davom etadi.
mod-broadcast-finished = ✅ #{ $id } tarqatma yakunlandi: { $recipients } tadan { $sent } tasi yetkazildi.
mod-broadcast-aborted = ⛔ #{ $id } tarqatma toʻxtatildi: uning xabari oʻchirilgan. Yuborilmadi: { $waiting }.
mod-broadcast-counts = Yuborildi: { $sent } · botni bloklagan: { $blocked } · xato: { $failed } · tasdiqlanmagan: { $unknown }
mod-broadcast-canceled = ✖️ #{ $id } tarqatma bekor qilindi: hech narsa yuborilmadi.
mod-broadcast-already = #{ $id } tarqatma allaqachon boshlangan.
mod-broadcast-dropped-already = #{ $id } tarqatma bekor qilingan.
mod-broadcast-gone = #{ $id } tarqatma yoʻq.

# /maintenance
mod-maintenance-usage = Foydalanish: /maintenance on|off
mod-maintenance-on = 🛠 Texnik ishlar rejimi yoqildi: mijozlarga doʻkon yopiqligi aytiladi; adminlar ishlashda davom etadi. /maintenance off uni yana ochadi.
mod-maintenance-off = ✅ Texnik ishlar rejimi oʻchirildi: doʻkon ochiq.
mod-maintenance-is-on = 🛠 Texnik ishlar rejimi yoqilgan: mijozlarga doʻkon yopiqligi aytiladi.
mod-maintenance-is-off = ✅ Doʻkon ochiq (texnik ishlar rejimi oʻchirilgan).

# Majburiy kanal (REQUIRED_CHANNEL)
channel-join = 📢 Doʻkondan foydalanish uchun avval kanalimizga obuna boʻling, soʻng «Obuna boʻldim» tugmasini bosing.
channel-btn-join = 📢 Kanalga obuna boʻlish
channel-btn-joined = ✅ Obuna boʻldim
channel-not-yet = Siz hali kanalga obuna boʻlmagansiz. Obuna boʻling va «Obuna boʻldim» tugmasini yana bir bor bosing.

## The panel API as admins see it (issue 16): resellers on a customer's profile (who may use
## the API, at what markup), and orders placed through it.
mod-profile-not-reseller = Reseler: yoʻq
mod-profile-reseller = Reseler: ha, doʻkon narxlarida
mod-profile-reseller-markup = Reseler: ha, ustama { $percent } %
mod-btn-reseller-on = 🤝 Reseler qilish
mod-btn-reseller-off = 🤝 Reselerlikdan chiqarish
mod-btn-reseller-markup = 💹 Reseler ustamasi
mod-reseller-on = 🤝 { $user } foydalanuvchi endi reseler.
mod-reseller-off = 🤝 { $user } foydalanuvchi endi reseler emas.
mod-reseller-markup-ask = 💹 { $user } foydalanuvchi API orqali buyurtmalar uchun tannarximizga qancha ustama toʻlaydi? Foizni yuboring, masalan <code>10</code>, yoki doʻkonning odatiy narxlari uchun <code>-</code>. Ustama bilan xizmat tannarxdan arzon sotilsa, odatiy narx qoladi.
mod-reseller-markup-invalid = Foizni yuboring, masalan <code>10</code> yoki <code>12.5</code> (koʻpi bilan 10000), yoki doʻkonning odatiy narxlari uchun <code>-</code>.
mod-reseller-markup-set = 💹 { $user } foydalanuvchi endi API orqali { $percent } % ustama bilan xarid qiladi.
mod-reseller-markup-cleared = 💹 { $user } foydalanuvchi endi API orqali doʻkonning odatiy narxlarida xarid qiladi.
mod-order-through-api = 🔌 API orqali berilgan.
mod-order-through-webapp = 🛍 Mini ilova orqali berilgan.
