## Top-ups with Telegram Stars.
## Invoice texts and pre-checkout refusals are plain text (Telegram shows them without markup).

topup-btn = ⭐ Stars bilan toʻldirish
topup-choose =
    ⭐ <b>Telegram Stars bilan toʻldirish</b>
    1 yulduz = { $rate }.
    Summani tanlang yoki yulduzlar sonini yuboring, { $min } dan { $max } gacha.
topup-btn-amount = ⭐ { $stars } → { $amount }
topup-unavailable = Bu doʻkonda Telegram Stars bilan toʻldirish yoqilmagan. Balansingizni toʻldirish uchun doʻkon qoʻllab-quvvatlash xizmatiga murojaat qiling.
topup-not-number = Iltimos, yulduzlar sonini faqat raqamlar bilan yuboring, { $min } dan { $max } gacha.
topup-below-min = Bu eng kam miqdordan oz. Eng kichik toʻldirish: { $min ->
        [one] { $min } yulduz
       *[other] { $min } yulduz
    }.
topup-above-max = Bu eng koʻp miqdordan ortiq. Eng katta toʻldirish: { $max ->
        [one] { $max } yulduz
       *[other] { $max } yulduz
    }.

topup-invoice-title = Balansni toʻldirish
topup-invoice-description = { $stars ->
        [one] { $stars } yulduz
       *[other] { $stars } yulduz
    } → doʻkondagi balansingizga { $amount }.
topup-invoice-label = Toʻldirish

topup-credited =
    ✅ Toʻlov qabul qilindi: { $stars ->
        [one] { $stars } yulduz
       *[other] { $stars } yulduz
    }.
    Balansingizga { $amount } qoʻshildi. Balans: <b>{ $balance }</b>
    Toʻlov ID: <code>{ $charge }</code>
topup-recorded =
    ✅ Toʻlov qabul qilindi: { $stars ->
        [one] { $stars } yulduz
       *[other] { $stars } yulduz
    }. Doʻkon uni tez orada balansingizga qoʻshadi.
    Toʻlov ID: <code>{ $charge }</code>

topup-refused-unavailable = Telegram Stars bilan toʻldirish hozir yoqilmagan. Hech narsa yechilmadi.
topup-refused-banned = Hisobingiz bu doʻkonda toʻlov qila olmaydi. Hech narsa yechilmadi.
topup-refused-invalid = Bu hisob-faktura yaroqsiz. Iltimos, yangisini olish uchun Balans → Toʻldirish boʻlimini oching. Hech narsa yechilmadi.
topup-refused-range = Toʻldirish { $min } dan { $max } gacha yulduz boʻlishi kerak. Iltimos, yangi hisob-faktura uchun Balans → Toʻldirish boʻlimini oching. Hech narsa yechilmadi.
topup-refused-error = Biz tomonda xatolik yuz berdi. Iltimos, bir daqiqadan keyin qayta urinib koʻring. Hech narsa yechilmadi.

topup-refund-usage = Foydalanish: /starsrefund &lt;telegram_payment_charge_id&gt; (mijoz uni toʻldirish ostida «Toʻlov ID» sifatida koʻradi).
topup-refund-unknown = Bunday ID bilan Stars toʻlovi yoʻq.
topup-refund-already = <code>{ $charge }</code> toʻlovi allaqachon qaytarilgan: hech narsa qilinmadi.
topup-refund-short =
    ⚠️ { $user } foydalanuvchining <code>{ $charge }</code> toʻlovi: { $stars ->
        [one] { $stars } yulduz
       *[other] { $stars } yulduz
    }, { $credited } qoʻshilgan.
    Mijoz uning bir qismini sarflagan: balans { $balance }, shuning uchun qaytarishdan keyin u <b>{ $after }</b> boʻladi.
    Baribir qaytarilsinmi?
topup-refund-confirm = ↩️ Baribir qaytarish
topup-refund-done =
    ↩️ { $stars ->
        [one] { $stars } yulduz
       *[other] { $stars } yulduz
    } { $user } foydalanuvchiga qaytarildi (toʻlov <code>{ $charge }</code>).
    Uning balansidan { $amount } yechildi; endi balans { $balance }.
topup-refund-failed = Telegram <code>{ $charge }</code> toʻlovini qaytarmadi: { $reason }. Balans oʻzgarmadi; buyruqni qayta ishga tushirish xavfsiz.
topup-refund-no-answer = Telegramdan javob kelmadi

## Balance statement lines for the ledger kinds of this area (the screen looks up ledger-<kind>).
ledger-stars_topup = Stars bilan toʻldirish
ledger-stars_refund = Stars toʻlovi qaytarildi
