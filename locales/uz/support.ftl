## Support: customers writing to the shop, admins answering.
## Every text gets $support_via (both, bot, contact or none: whether the bot's own support
## and the shop's contact, SUPPORT_CONTACT, exist) and $support_contact (that contact).

btn-support = 💬 Yordam xizmatiga yozish
command-support = Doʻkon yordam xizmatiga yozish
support-btn-contact = ✉️ { $support_contact } ga yozish
support-help = { $support_via ->
    [both] Savollar bormi? «💬 Yordam xizmatiga yozish» tugmasini bosing yoki { $support_contact } ga yozing.
    [bot] Savollar bormi? «💬 Yordam xizmatiga yozish» tugmasini bosing: doʻkon jamoasi shu yerda javob beradi.
    [contact] Savollar bormi? { $support_contact } ga yozing.
   *[none] {""}
}
support-prompt =
    💬 <b>Yordam xizmati</b>
    Savolingizni bitta xabarda yozing: matn yoki izohli rasm (skrinshot juda foydali). Doʻkon jamoasi uni buyurtmalaringiz maʼlumotlari bilan birga oladi, javob esa shu chatga keladi.{ $support_via ->
        [both] {" "}{ $support_contact } ga ham yozishingiz mumkin.
       *[other] {""}
    }
support-unavailable = { $support_via ->
    [contact] 💬 Doʻkon bilan bogʻlanish uchun { $support_contact } ga yozing.
   *[other] 💬 Bu botda yordam xizmati hali ulanmagan. Iltimos, keyinroq qaytib keling.
}
support-sent =
    ✅ Xabaringiz yordam xizmatiga yetib bordi (murojaat №{ $ticket }). Javob shu chatga keladi.
    Bu yerda yana yozishingiz yoki menyuga qaytishingiz mumkin.
support-not-text = Iltimos, savolingizni matn yoki izohli rasm sifatida yuboring.
support-too-long = Xabar juda uzun: koʻpi bilan { $max } ta belgi. Uni qisqartiring yoki qismlarga boʻlib yuboring.
support-too-fast = Siz biz oʻqishga ulgurganimizdan tezroq yozyapsiz 🙂 Bir daqiqa kuting, keyin qolganini yuboring. Oldingi xabarlaringiz yordam xizmatida bor.
support-too-many = Yordam xizmatida sizning bir nechta xabaringiz bor, tez orada javob beriladi. Iltimos, yana yozishdan oldin javobni kuting.
support-answer = 💬 <b>Doʻkon yordam xizmati</b> (murojaat №{ $ticket }):
support-answer-reply-hint = <i>Javob yozish uchun shu xabarga javob qaytaring.</i>
support-closed-notice = ✅ №{ $ticket } murojaatingiz yopildi. Yana biror narsa kerak boʻlsa, menyudan yordam xizmatiga qayta yozing.
support-for-top-up = { $support_via ->
    [both] Balansingizni toʻldirish uchun menyudagi «💬 Yordam xizmatiga yozish» tugmasini bosing yoki { $support_contact } ga yozing.
    [bot] Balansingizni toʻldirish uchun menyudagi «💬 Yordam xizmatiga yozish» tugmasini bosing.
    [contact] Balansingizni toʻldirish uchun { $support_contact } ga yozing.
   *[none] {""}
}

## Admins.
support-admin-new = 📨 <b>Yangi murojaat №{ $ticket }</b>
support-admin-more = 📨 <b>Murojaat №{ $ticket }</b>: mijoz yana yozdi
support-admin-customer =
    Kimdan: { $name } ({ $username }), id <code>{ $id }</code>
    Balans: { $balance }
support-admin-orders = Soʻnggi buyurtmalar:
support-admin-no-orders = Hali buyurtmalar yoʻq.
support-admin-reply-hint = <i>Mijozga javob berish uchun shu xabarga javob qaytaring; /tickets ochiq murojaatlarni koʻrsatadi.</i>
support-answer-sent = ✅ Javobingiz yuborildi: { $name } (murojaat №{ $ticket }).
support-answer-failed = ❌ №{ $ticket } murojaatga javob yetkazilmadi: mijoz botni bloklagan yoki unga yetib boʻlmaydi. Hech narsa yozib qoʻyilmadi.
support-answer-closed = №{ $ticket } murojaat yopilgan, shuning uchun javob yuborilmadi. Mijoz yana yozsa, yangi murojaat ochiladi.
support-answer-not-text = Mijozga faqat matn yoki izohli rasm yuborish mumkin.
support-answer-too-long = Javob juda uzun: koʻpi bilan { $max } ta belgi. Uni qisqartiring yoki qismlarga boʻlib yuboring.
tickets-none = Ochiq murojaatlar yoʻq.
tickets-heading = <b>Ochiq murojaatlar: { $count }</b> (eng uzoq kutayotganlari birinchi)
tickets-line = <b>№{ $ticket }</b> · { $name } (<code>{ $id }</code>) · { $messages } ta xabar, javobsiz: { $unanswered } · { $time }
tickets-more = …va yana { $count } ta; qolganlarini koʻrish uchun baʼzilarini yoping.
tickets-btn-close = ✖️ №{ $ticket } ni yopish
tickets-btn-customer = 👤 №{ $ticket } mijozi
tickets-closed = ✅ №{ $ticket } murojaat yopildi, mijozga xabar berildi.
tickets-already-closed = №{ $ticket } murojaat allaqachon yopilgan edi.
