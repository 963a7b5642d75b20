## Top-ups with Telegram Stars.
## Invoice texts and pre-checkout refusals are plain text (Telegram shows them without markup).

topup-btn = ⭐ افزایش موجودی با ستاره
topup-choose =
    ⭐ <b>افزایش موجودی با Telegram Stars</b>
    ۱ ستاره = { $rate }.
    یک مبلغ انتخاب کنید یا تعداد ستاره‌ها را بفرستید، از { $min } تا { $max }.
topup-btn-amount = ⭐ { $stars } ستاره ← { $amount }
topup-unavailable = افزایش موجودی با Telegram Stars در این فروشگاه فعال نیست.{ $support_via ->
    [none] {""}
   *[other] {" "}{ support-for-top-up }
}
topup-not-number = لطفاً تعداد ستاره‌ها را فقط با رقم بفرستید، از { $min } تا { $max }.
topup-below-min = این کمتر از حداقل است. کمترین مقدار افزایش موجودی { $min ->
        [one] { $min } ستاره
       *[other] { $min } ستاره
    } است.
topup-above-max = این بیشتر از حداکثر است. بیشترین مقدار افزایش موجودی { $max ->
        [one] { $max } ستاره
       *[other] { $max } ستاره
    } است.

topup-invoice-title = افزایش موجودی
topup-invoice-description = { $stars ->
        [one] { $stars } ستاره
       *[other] { $stars } ستاره
    } ← { $amount } در موجودی شما در فروشگاه.
topup-invoice-label = افزایش موجودی

topup-credited =
    ✅ پرداخت دریافت شد: { $stars ->
        [one] { $stars } ستاره
       *[other] { $stars } ستاره
    }.
    { $amount } به موجودی شما اضافه شد. موجودی: <b>{ $balance }</b>
    شناسهٔ پرداخت: <code>{ $charge }</code>
topup-recorded =
    ✅ پرداخت دریافت شد: { $stars ->
        [one] { $stars } ستاره
       *[other] { $stars } ستاره
    }. فروشگاه به‌زودی آن را به موجودی شما اضافه می‌کند.
    شناسهٔ پرداخت: <code>{ $charge }</code>

topup-refused-unavailable = افزایش موجودی با Telegram Stars در حال حاضر فعال نیست. مبلغی کسر نشد.
topup-refused-banned = حساب شما نمی‌تواند در این فروشگاه پرداخت کند. مبلغی کسر نشد.
topup-refused-invalid = این صورت‌حساب معتبر نیست. لطفاً برای صورت‌حساب جدید، موجودی ← افزایش موجودی را باز کنید. مبلغی کسر نشد.
topup-refused-range = افزایش موجودی باید از { $min } تا { $max } ستاره باشد. لطفاً برای صورت‌حساب جدید، موجودی ← افزایش موجودی را باز کنید. مبلغی کسر نشد.
topup-refused-error = مشکلی از سمت ما پیش آمد. لطفاً یک دقیقهٔ دیگر دوباره امتحان کنید. مبلغی کسر نشد.

topup-refund-usage = روش استفاده: /starsrefund &lt;telegram_payment_charge_id&gt; (مشتری آن را با عنوان «شناسهٔ پرداخت» زیر افزایش موجودی می‌بیند).
topup-refund-unknown = هیچ پرداخت Stars با این شناسه وجود ندارد.
topup-refund-already = پرداخت <code>{ $charge }</code> قبلاً بازگشت وجه خورده است: کاری انجام نشد.
topup-refund-short =
    ⚠️ پرداخت <code>{ $charge }</code> کاربر { $user }: { $stars ->
        [one] { $stars } ستاره
       *[other] { $stars } ستاره
    }، { $credited } واریز شده.
    مشتری بخشی از آن را خرج کرده است: موجودی { $balance } است، پس بازگشت وجه آن را به <b>{ $after }</b> می‌رساند.
    با این حال بازگشت وجه انجام شود؟
topup-refund-confirm = ↩️ با این حال بازگشت وجه انجام شود
topup-refund-done =
    ↩️ { $stars ->
        [one] { $stars } ستاره
       *[other] { $stars } ستاره
    } به کاربر { $user } بازگردانده شد (پرداخت <code>{ $charge }</code>).
    { $amount } از موجودی او کسر شد؛ موجودی اکنون { $balance } است.
topup-refund-failed = تلگرام پرداخت <code>{ $charge }</code> را بازنگرداند: { $reason }. موجودی تغییر نکرد؛ اجرای دوبارهٔ دستور بی‌خطر است.
topup-refund-no-answer = پاسخی از تلگرام نرسید

## Balance statement lines for the ledger kinds of this area (the screen looks up ledger-<kind>).
ledger-stars_topup = افزایش موجودی با ستاره
ledger-stars_refund = بازگشت وجه پرداخت ستاره‌ای

## شارژ با Crypto Pay (@CryptoBot). توضیح صورت‌حساب متن ساده است.
crypto-btn = 💎 پرداخت با رمزارز
crypto-btn-amount = 💎 { $amount }
crypto-choose =
    💎 <b>شارژ با رمزارز</b>
    پرداخت در @CryptoBot با { $assets } انجام می‌شود و دقیقاً همان مبلغی که انتخاب کنید به موجودی‌تان اضافه می‌شود.
    یک مبلغ انتخاب کنید یا مبلغی از { $min } تا { $max } بفرستید.
crypto-not-amount = لطفاً مبلغ را به عدد بفرستید، مثلاً ۱۵ یا ۱۲٫۵۰، از { $min } تا { $max }.
crypto-below-min = این مبلغ از حداقل کمتر است. کمترین شارژ { $min } است.
crypto-above-max = این مبلغ از حداکثر بیشتر است. بیشترین شارژ { $max } است.
crypto-invoice-description = شارژ موجودی: { $amount }
crypto-invoice =
    💎 <b>صورت‌حساب شماره { $invoice }: { $amount }</b>
    آن را تا { $expires } در @CryptoBot با { $assets } پرداخت کنید.
    چند لحظه پس از پرداخت، پول خودبه‌خود به موجودی شما اضافه می‌شود.
crypto-btn-pay = 💎 پرداخت در @CryptoBot
crypto-btn-check = 🔄 بررسی پرداخت
crypto-btn-new = 💎 شارژ تازه با رمزارز
crypto-in-progress = صورت‌حساب در حال ساخته شدن است. چند ثانیه صبر کنید و دوباره روی مبلغ بزنید.
crypto-failed = الان ساختن صورت‌حساب ممکن نشد. چیزی کسر نشد. لطفاً چند دقیقه دیگر دوباره امتحان کنید.
crypto-credited =
    ✅ پرداخت رمزارزی دریافت شد (صورت‌حساب شماره { $invoice }).
    { $amount } به موجودی شما اضافه شد. موجودی: <b>{ $balance }</b>
crypto-credited-for-purchase = ✅ پرداخت رمزارزی دریافت شد (صورت‌حساب شماره { $invoice }): { $amount } به موجودی شما اضافه شد.
crypto-already-paid = ✅ صورت‌حساب شماره { $invoice } پرداخت شده و پول در موجودی شماست.
crypto-not-paid-yet = ⏳ هنوز پرداخت نشده است.
crypto-expired = ⌛ مهلت صورت‌حساب شماره { $invoice } به مبلغ { $amount } بدون پرداخت تمام شد. چیزی کسر نشد؛ می‌توانید صورت‌حساب تازه‌ای بسازید.
crypto-not-payable = این صورت‌حساب قابل پرداخت نیست. چیزی کسر نشد؛ می‌توانید صورت‌حساب تازه‌ای بسازید.
crypto-check-failed = الان بررسی پرداخت ممکن نشد. لطفاً یک دقیقه دیگر دوباره امتحان کنید؛ پرداخت گم نمی‌شود و خودبه‌خود به حساب می‌آید.
notice-admin-crypto-attention = ⚠️ برای صورت‌حساب Crypto Pay شماره { $invoice } کاربر { $user } پرداختی گزارش شد که با آن نمی‌خواند، پس چیزی اضافه نشد: { $problem }. آن را در @CryptoBot بررسی کنید و اگر پول رسیده، با /credit دستی اضافه کنید.
ledger-crypto_topup = افزایش موجودی با رمزارز
topup-credited-for-purchase =
    ✅ پرداخت دریافت شد: { $stars } ستاره، { $amount } به موجودی شما اضافه شد.
    شناسهٔ پرداخت: <code>{ $charge }</code>

cancelled-topup = افزایش موجودی لغو شد.

## کد هدیه در صفحهٔ موجودی.
promo-btn = 🎁 کد هدیه
promo-btn-balance = 💰 موجودی
promo-ask = 🎁 کد هدیهٔ خود را بفرستید.
promo-credited = 🎉 کد پذیرفته شد: { $amount } به موجودی شما افزوده شد. موجودی: <b>{ $balance }</b>
promo-discount-attached = 🎉 کد پذیرفته شد: { $percent }٪ تخفیف برای سفارش بعدی شما. مبلغ جدید را پیش از تأیید می‌بینید.
promo-unknown = چنین کدی وجود ندارد. آن را بررسی کنید و دوباره بفرستید.
promo-expired = مهلت این کد به پایان رسیده است.
promo-used-up = ظرفیت این کد تمام شده است.
promo-already-redeemed = شما قبلاً از این کد استفاده کرده‌اید.
promo-not-new-customer = این کد فقط برای مشتریانی است که هنوز سفارشی نداده‌اند.
promo-discount-waiting = شما از قبل یک تخفیف برای سفارش بعدی دارید. اول از آن استفاده کنید، سپس این کد را وارد کنید.
promo-slowed-down = تعداد کدهای نادرست زیاد است. { $minutes } دقیقهٔ دیگر دوباره امتحان کنید.
ledger-promo_credit = کد هدیه
promo-total-discounted = <s>{ $original }</s> { $total } (با کد { $code }، { $percent }٪ تخفیف)
promo-send-as-text = لطفاً کد را به‌صورت متن بفرستید.
