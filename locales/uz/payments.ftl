## Top-ups with Telegram Stars.
## Invoice texts and pre-checkout refusals are plain text (Telegram shows them without markup).

topup-btn = ⭐ Stars bilan toʻldirish
topup-choose =
    ⭐ <b>Telegram Stars bilan toʻldirish</b>
    1 yulduz = { $rate }.
    Summani tanlang yoki yulduzlar sonini yuboring, { $min } dan { $max } gacha.
topup-btn-amount = ⭐ { $stars } → { $amount }
topup-unavailable = Bu doʻkonda Telegram Stars bilan toʻldirish yoqilmagan.{ $support_via ->
    [none] {""}
   *[other] {" "}{ support-for-top-up }
}
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

## Crypto Pay (@CryptoBot) orqali to‘ldirish. Hisob tavsifi oddiy matn.
crypto-btn = 💎 Kriptovalyuta bilan to‘lash
crypto-btn-amount = 💎 { $amount }
crypto-choose =
    💎 <b>Kriptovalyuta bilan to‘ldirish</b>
    @CryptoBot’da { $assets } bilan to‘laysiz; balansingizga aynan tanlagan summangiz tushadi.
    Summani tanlang yoki { $min } dan { $max } gacha bo‘lgan summani yuboring.
crypto-not-amount = Summani raqam bilan yuboring, masalan 15 yoki 12.50, { $min } dan { $max } gacha.
crypto-below-min = Bu eng kam summadan past. Eng kam to‘ldirish — { $min }.
crypto-above-max = Bu eng ko‘p summadan yuqori. Eng ko‘p to‘ldirish — { $max }.
crypto-invoice-description = Balansni to‘ldirish: { $amount }
crypto-invoice =
    💎 <b>{ $invoice }-hisob: { $amount }</b>
    Uni @CryptoBot’da { $assets } bilan { $expires } gacha to‘lang.
    To‘laganingizdan bir necha lahzadan so‘ng pul balansingizga o‘zi tushadi.
crypto-btn-pay = 💎 @CryptoBot’da to‘lash
crypto-btn-check = 🔄 To‘lovni tekshirish
crypto-btn-new = 💎 Yangi kripto to‘ldirish
crypto-in-progress = Hisob yaratilmoqda. Bir necha soniya kutib, summani yana bosing.
crypto-failed = Hozir hisob yaratib bo‘lmadi. Hech narsa yechilmadi. Bir necha daqiqadan so‘ng qayta urinib ko‘ring.
crypto-credited =
    ✅ Kripto to‘lov qabul qilindi ({ $invoice }-hisob).
    Balansingizga { $amount } qo‘shildi. Balans: <b>{ $balance }</b>
crypto-credited-for-purchase = ✅ Kripto to‘lov qabul qilindi ({ $invoice }-hisob): balansingizga { $amount } qo‘shildi.
crypto-already-paid = ✅ { $invoice }-hisob to‘langan, pul balansingizda.
crypto-not-paid-yet = ⏳ Hali to‘lanmagan.
crypto-expired = ⌛ { $amount } lik { $invoice }-hisobning muddati to‘lovsiz tugadi. Hech narsa yechilmadi; yangisini yaratishingiz mumkin.
crypto-not-payable = Bu hisobni to‘lab bo‘lmaydi. Hech narsa yechilmadi; yangisini yaratishingiz mumkin.
crypto-check-failed = Hozir to‘lovni tekshirib bo‘lmadi. Bir daqiqadan so‘ng qayta urinib ko‘ring: to‘lov yo‘qolmaydi, u o‘zi hisobga olinadi.
notice-admin-crypto-attention = ⚠️ { $user } foydalanuvchisining Crypto Pay { $invoice }-hisobi unga mos kelmaydigan tarzda to‘langan deb xabar qilindi, shuning uchun hech narsa qo‘shilmadi: { $problem }. Uni @CryptoBot’da tekshiring va pul kelgan bo‘lsa, /credit bilan qo‘lda qo‘shing.
ledger-crypto_topup = kriptovalyuta bilan to‘ldirish
topup-credited-for-purchase =
    ✅ Toʻlov qabul qilindi: { $stars } yulduz, balansingizga { $amount } qoʻshildi.
    Toʻlov ID: <code>{ $charge }</code>
