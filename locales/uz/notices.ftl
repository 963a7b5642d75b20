## Order updates and admin alerts sent by the notifier.

# To customers. $service is already escaped; a progress bar and the lines below may follow.
notice-order-started =
    ▶️ <b>#{ $id }</b> buyurtmangiz boshlandi.
    { $service }
notice-order-progress =
    ⏳ <b>#{ $id }</b> buyurtmangiz bajarilmoqda.
    { $service }
notice-order-completed =
    ✅ <b>#{ $id }</b> buyurtmangiz bajarildi.
    { $service }
notice-order-partial =
    ⚠️ <b>#{ $id }</b> buyurtmangiz faqat qisman yetkazildi.
    { $service }
notice-order-canceled =
    ❌ <b>#{ $id }</b> buyurtmangiz bekor qilindi.
    { $service }
notice-order-refunded =
    ↩️ <b>#{ $id }</b> buyurtmangiz uchun pul qaytarildi.
    { $service }
notice-order-failed =
    ❌ <b>#{ $id }</b> buyurtmangizni bajarib boʻlmadi.
    { $service }
notice-order-changed =
    📦 <b>#{ $id }</b> buyurtmangiz holati endi: <b>{ $state }</b>.
    { $service }
notice-delivered = { $quantity } tadan { $delivered } tasi yetkazildi.
notice-refunded = 💰 { $amount } balansingizga qaytarildi.
notice-refund-pending = 💰 Yetkazilmagan qism uchun qaytariladigan summa hisoblanmoqda; u tez orada balansingizga tushadi.
notice-refill-done =
    🔁 <b>#{ $id }</b> buyurtmangiz qayta tiklandi.
    { $service }
notice-refill-failed =
    🔁 <b>#{ $id }</b> buyurtmangizni qayta tiklab boʻlmadi. Keyinroq yana soʻrashingiz mumkin.
    { $service }
# Buyurtma jarayoni haqidagi xabarlar ostida va balans ekranida.
notice-btn-mute-progress = 🔕 Jarayon xabarlarini oʻchirish
notice-btn-unmute-progress = 🔔 Jarayon xabarlarini yoqish

# To admins.
notice-admin-unknown-outcome =
    ⚠️ <b>#{ $id } buyurtma: natija nomaʼlum</b>
    { $provider } bu buyurtmani yaratgan-yaratmaganini bilmaymiz. Mijozning { $charge } mablagʻi band qilingan.
    Sababi: { $reason }

    Mijoz: <code>{ $customer }</code>
    Xizmat: { $service }
    Havola: { $link }
    Miqdor: { $quantity }

    Buyurtmani provayder panelida tekshiring, soʻng shu yerda hal qiling.
notice-btn-resolve-refund = ↩️ Berilmagan: mijozga pulni qaytarish
notice-btn-resolve-placed = ✅ Berilgan
notice-admin-unknown-status =
    ❓ <b>#{ $id } buyurtma</b>: { $provider } biz bilmaydigan holatni bildirmoqda: <code>{ $status }</code>
    Buyurtma oʻz holatini saqlaydi va tekshirilishda davom etadi. Uni provayder panelida koʻrib chiqing.
notice-admin-attention =
    🔔 <b>#{ $id } buyurtma</b> ({ $provider }) eʼtibor talab qiladi:
    { $problem }
notice-admin-audit =
    🧾 <b>Pul tekshiruvi</b> muammo topdi: { $finding }
    Toʻliq roʻyxat uchun serverda <code>smmbot audit</code> ni ishga tushiring.
notice-admin-payment-not-credited =
    💳 { $user } foydalanuvchining <code>{ $charge }</code> Stars toʻlovi yozib olindi, lekin uni balansga oʻtkazib boʻlmadi: { $error }
    Har raundda qayta urinib koʻriladi; pul tushganda mijozga xabar beriladi.
