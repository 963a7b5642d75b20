## Top-ups with Telegram Stars.
## Invoice texts and pre-checkout refusals are plain text (Telegram shows them without markup).

topup-btn = ⭐ Yulduzlar bilan toʻldirish
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
topup-below-min = Bu minimal miqdordan kam. Minimal toʻldirish: { $min } ta yulduz.
topup-above-max = Bu maksimal miqdordan koʻp. Maksimal toʻldirish: { $max } ta yulduz.

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

topup-refused-unavailable = Yulduzlar bilan toʻldirish hozir yoqilmagan. Yulduzlar yechilmadi.
topup-refused-banned = Hisobingiz bu doʻkonda toʻlov qila olmaydi. Yulduzlar yechilmadi.
topup-refused-invalid = Bu toʻlov hisobi yaroqsiz. Iltimos, yangisini olish uchun Balans → Toʻldirish boʻlimini oching. Yulduzlar yechilmadi.
topup-refused-range = Toʻldirish { $min } dan { $max } gacha yulduz boʻlishi kerak. Iltimos, yangi toʻlov hisobi uchun Balans → Toʻldirish boʻlimini oching. Yulduzlar yechilmadi.
topup-refused-error = Biz tomonda xatolik yuz berdi. Iltimos, bir daqiqadan keyin qayta urinib koʻring. Yulduzlar yechilmadi.

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
ledger-stars_topup = yulduzlar bilan toʻldirish
ledger-stars_refund = yulduzlar bilan toʻlov qaytarildi

## Crypto Pay (@CryptoBot) orqali toʻldirish. Hisob tavsifi oddiy matn.
crypto-btn = 💎 Kriptovalyuta bilan toʻlash
crypto-btn-amount = 💎 { $amount }
crypto-choose =
    💎 <b>Kriptovalyuta bilan toʻldirish</b>
    @CryptoBot’da { $assets } bilan toʻlaysiz; balansingizga aynan tanlagan summangiz tushadi.
    Summani tanlang yoki { $min } dan { $max } gacha boʻlgan summani yuboring.
crypto-not-amount = Summani { $min } dan { $max } gacha raqam bilan yuboring, masalan: 15 yoki 12,50.
crypto-below-min = Bu minimal summadan kam. Minimal toʻldirish: { $min }.
crypto-above-max = Bu maksimal summadan koʻp. Maksimal toʻldirish: { $max }.
crypto-invoice-description = Balansni toʻldirish: { $amount }
crypto-invoice =
    💎 <b>{ $invoice }-hisob: { $amount }</b>
    Uni @CryptoBot’da { $assets } bilan { $expires } gacha toʻlang.
    Toʻlaganingizdan bir necha lahzadan soʻng pul balansingizga oʻzi tushadi.
crypto-btn-pay = 💎 @CryptoBot’da toʻlash
crypto-btn-check = 🔄 Toʻlovni tekshirish
crypto-btn-new = 💎 Yangi kripto toʻldirish
crypto-in-progress = Hisob yaratilmoqda. Bir necha soniya kutib, summani yana bosing.
crypto-failed = Hozir hisob yaratib boʻlmadi. Pul yechilmadi. Bir necha daqiqadan soʻng qayta urinib koʻring.
crypto-credited =
    ✅ Kripto toʻlov qabul qilindi ({ $invoice }-hisob).
    Balansingizga { $amount } qoʻshildi. Balans: <b>{ $balance }</b>
crypto-credited-for-purchase = ✅ Kripto toʻlov qabul qilindi ({ $invoice }-hisob): balansingizga { $amount } qoʻshildi.
crypto-already-paid = ✅ { $invoice }-hisob toʻlangan, pul balansingizda.
crypto-not-paid-yet = ⏳ Hali toʻlanmagan.
crypto-expired = ⌛ { $amount } lik { $invoice }-hisobning muddati toʻlovsiz tugadi. Pul yechilmadi; yangisini yaratishingiz mumkin.
crypto-not-payable = Bu hisobni toʻlab boʻlmaydi. Pul yechilmadi; yangisini yaratishingiz mumkin.
crypto-check-failed = Hozir toʻlovni tekshirib boʻlmadi. Bir daqiqadan soʻng qayta urinib koʻring: toʻlov yoʻqolmaydi, u oʻzi hisobga olinadi.
notice-admin-crypto-attention = ⚠️ { $user } foydalanuvchisining Crypto Pay { $invoice }-hisobi unga mos kelmaydigan tarzda toʻlangan deb xabar qilindi, shuning uchun hech narsa qoʻshilmadi: { $problem }. Uni @CryptoBot’da tekshiring va pul kelgan boʻlsa, /credit bilan qoʻlda qoʻshing.
ledger-crypto_topup = kriptovalyuta bilan toʻldirish
topup-credited-for-purchase =
    ✅ Toʻlov qabul qilindi: { $stars } yulduz, balansingizga { $amount } qoʻshildi.
    Toʻlov ID: <code>{ $charge }</code>

cancelled-topup = Balansni toʻldirish bekor qilindi.

## Balans ekranidagi promokodlar.
promo-btn = 🎁 Promokod
promo-btn-balance = 💰 Balans
promo-ask = 🎁 Promokodingizni yuboring.
promo-credited = 🎉 Promokod qabul qilindi: balansingizga { $amount } qoʻshildi. Balans: <b>{ $balance }</b>
promo-discount-attached = 🎉 Promokod qabul qilindi: keyingi buyurtmangizga { $percent }% chegirma. Yangi summani tasdiqlashdan oldin koʻrasiz.
promo-unknown = Bunday promokod yoʻq. Tekshirib, qaytadan yuboring.
promo-expired = Bu promokodning muddati tugagan.
promo-used-up = Bu promokod tugab boʻlgan.
promo-already-redeemed = Siz bu promokoddan allaqachon foydalangansiz.
promo-not-new-customer = Bu promokod faqat hali buyurtma bermagan mijozlar uchun.
promo-discount-waiting = Keyingi buyurtmangiz uchun chegirmangiz allaqachon bor. Avval undan foydalaning, keyin bu promokodni kiriting.
promo-slowed-down = Notoʻgʻri promokodlar juda koʻp. { $minutes } daqiqadan keyin qayta urinib koʻring.
ledger-promo_credit = promokod
promo-total-discounted = <s>{ $original }</s> { $total } ({ $code } promokodi bilan −{ $percent }%)
promo-send-as-text = Promokodni matn koʻrinishida yuboring.
