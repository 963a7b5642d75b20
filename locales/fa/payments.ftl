## Top-ups with Telegram Stars.
## Invoice texts and pre-checkout refusals are plain text (Telegram shows them without markup).

topup-btn = ⭐ افزایش موجودی با Stars
topup-choose =
    ⭐ <b>افزایش موجودی با Telegram Stars</b>
    ۱ ستاره = { $rate }.
    یک مبلغ انتخاب کنید یا تعداد ستاره‌ها را بفرستید، از { $min } تا { $max }.
topup-btn-amount = ⭐ { $stars } ستاره ← { $amount }
topup-unavailable = افزایش موجودی با Telegram Stars در این فروشگاه فعال نیست. برای افزایش موجودی، لطفاً با پشتیبانی فروشگاه تماس بگیرید.
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
topup-refund-already = پرداخت <code>{ $charge }</code> قبلاً بازپرداخت شده است: کاری انجام نشد.
topup-refund-short =
    ⚠️ پرداخت <code>{ $charge }</code> کاربر { $user }: { $stars ->
        [one] { $stars } ستاره
       *[other] { $stars } ستاره
    }، { $credited } واریز شده.
    مشتری بخشی از آن را خرج کرده است: موجودی { $balance } است، پس بازپرداخت آن را به <b>{ $after }</b> می‌رساند.
    با این حال بازپرداخت شود؟
topup-refund-confirm = ↩️ با این حال بازپرداخت شود
topup-refund-done =
    ↩️ { $stars ->
        [one] { $stars } ستاره
       *[other] { $stars } ستاره
    } به کاربر { $user } برگشت داده شد (پرداخت <code>{ $charge }</code>).
    { $amount } از موجودی او کسر شد؛ موجودی اکنون { $balance } است.
topup-refund-failed = تلگرام پرداخت <code>{ $charge }</code> را بازپرداخت نکرد: { $reason }. موجودی تغییر نکرد؛ اجرای دوبارهٔ دستور بی‌خطر است.
topup-refund-no-answer = پاسخی از تلگرام نرسید

## Balance statement lines for the ledger kinds of this area (the screen looks up ledger-<kind>).
ledger-stars_topup = افزایش موجودی با Stars
ledger-stars_refund = بازپرداخت پرداخت Stars
