## Actions on a placed order: refresh, refill, cancel; admin resolution.
## Texts use Telegram HTML; variables that carry customer or provider text arrive escaped.

action-btn-refresh = 🔄 Yangilash
action-btn-refill = ♻️ Qayta tiklash
action-btn-cancel = 🛑 Buyurtmani bekor qilish

action-refunded = Qaytarildi: <b>{ $amount }</b>
action-checked-at = Oxirgi tekshiruv: { $time }
action-refill-running = ♻️ Qayta tiklash bajarilmoqda.
action-cancel-pending = 🛑 Bekor qilish soʻraldi: tasdiq kutilmoqda.

action-refreshed = 🔄 Holat hozirgina tekshirildi.
action-just-checked = 🔄 Bu buyurtma bir necha soniya oldin tekshirilgan: bu eng soʻnggi maʼlumot.
action-no-news = 🔄 Bu buyurtma boʻyicha hozircha yangilik yoʻq. Soʻnggi maʼlum holat quyida.
action-refresh-failed = ⚠️ Buyurtmani hozir tekshirib boʻlmadi: { $reason }. Soʻnggi maʼlum holat quyida.
action-refresh-skipped = ℹ️ Tekshiradigan narsa yoʻq: { $reason }.
action-refill-requested = ♻️ Qayta tiklash soʻraldi. Bajarilgach, sizga xabar beramiz.
action-refill-refused = ❌ Qayta tiklash soʻralmadi: { $reason }. Hech narsa oʻzgarmadi.
action-cancel-requested = 🛑 Bekor qilish soʻraldi. Buyurtma bekor qilinsa, yetkazilmagan qism uchun pul balansingizga avtomatik qaytadi va sizga xabar beramiz.
action-cancel-refused = ❌ Buyurtma bekor qilinmadi: { $reason }. U avvalgidek davom etadi.

action-why-no-such-order = bunday buyurtma yoʻq
action-why-not-placed = buyurtma hali ishga tushirilmagan
action-why-finished = buyurtma allaqachon yakunlangan
action-why-not-completed = qayta tiklash buyurtma bajarilgandan keyingina mumkin
action-why-not-supported = bu xizmatda bunday imkoniyat yoʻq
action-why-refill-running = bu buyurtmani qayta tiklash allaqachon bajarilmoqda
action-why-cancel-requested = bekor qilish allaqachon soʻralgan
action-why-unknown-to-provider = buyurtma ishdagilar orasidan topilmadi
action-why-refused = soʻrov qabul qilinmadi
action-why-unreachable = buyurtmani hozir tekshirib boʻlmaydi, iltimos, bir necha daqiqadan keyin qayta urinib koʻring

action-ask-provider-id =
    #{ $id } buyurtma uchun yetkazib beruvchidagi buyurtma raqamini uning panelida koʻrsatilganidek yuboring.
    Shundan soʻng buyurtma boshqalari kabi kuzatib boriladi.
action-provider-id-invalid = Bu buyurtma raqami emas: uni vergulsiz bitta soʻz qilib, 64 belgigacha yuboring.
action-settled-placed = ✅ #{ $id } buyurtma yetkazib beruvchidagi { $provider_id } buyurtma sifatida berilgan deb qayd etildi. Endi uning holati kuzatib boriladi va mijozga xabar beriladi.
action-settled-refund = ↩️ #{ $id } buyurtma uchun pul qaytarildi: { $amount } { $user } foydalanuvchiga qaytdi, unga xabar beriladi.
action-already-settled = #{ $id } buyurtma allaqachon hal qilingan (hozir: { $state }). Hech narsa oʻzgarmadi.
action-no-such-order = #{ $id } buyurtma yoʻq.
action-provider-id-taken = Bu yetkazib beruvchi buyurtma raqami allaqachon #{ $holder } buyurtmaga tegishli. Hech narsa oʻzgarmadi: raqamni tekshirib, qayta yuboring yoki Menyu tugmasini bosing.

cancelled-step = Bekor qilindi.
