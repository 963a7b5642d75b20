## Order updates and admin alerts sent by the notifier.

# To customers. $service is already escaped; a progress bar and the lines below may follow.
notice-order-started =
    ▶️ سفارش <b>#{ $id }</b> شما شروع شد.
    { $service }
notice-order-progress =
    ⏳ سفارش <b>#{ $id }</b> شما در حال انجام است.
    { $service }
notice-order-completed =
    ✅ سفارش <b>#{ $id }</b> شما کامل شد.
    { $service }
notice-order-partial =
    ⚠️ سفارش <b>#{ $id }</b> شما ناقص تحویل شد.
    { $service }
notice-order-canceled =
    ❌ سفارش <b>#{ $id }</b> شما لغو شد.
    { $service }
notice-order-refunded =
    ↩️ وجه سفارش <b>#{ $id }</b> شما بازگردانده شد.
    { $service }
notice-order-failed =
    ❌ سفارش <b>#{ $id }</b> شما انجام نشد.
    { $service }
notice-order-changed =
    📦 وضعیت سفارش <b>#{ $id }</b> شما اکنون: <b>{ $state }</b>.
    { $service }
notice-delivered = تحویل‌شده: { $delivered } از { $quantity }.
notice-refunded = 💰 { $amount } به موجودی شما بازگردانده شد.
notice-refund-pending = 💰 مبلغ بخش تحویل‌نشده در حال محاسبه است؛ به‌زودی به موجودی شما برمی‌گردد.
notice-refill-done =
    🔁 جبران ریزش سفارش <b>#{ $id }</b> شما انجام شد.
    { $service }
notice-refill-failed =
    🔁 جبران ریزش سفارش <b>#{ $id }</b> شما انجام نشد. می‌توانید بعداً دوباره درخواست دهید.
    { $service }
# زیر اعلان‌های روند سفارش و در صفحهٔ موجودی.
notice-btn-mute-progress = 🔕 خاموش کردن اعلان‌های روند سفارش
notice-btn-unmute-progress = 🔔 روشن کردن اعلان‌های روند سفارش

# To admins.
notice-admin-unknown-outcome =
    ⚠️ <b>سفارش #{ $id }: نتیجه نامعلوم</b>
    نمی‌دانیم { $provider } این سفارش را ایجاد کرده است یا نه. مبلغ { $charge } مشتری نگه داشته شده است.
    دلیل: { $reason }

    مشتری: <code>{ $customer }</code>
    سرویس: { $service }
    لینک: { $link }
    تعداد: { $quantity }

    سفارش را در پنل ارائه‌دهنده بررسی کنید، سپس اینجا تکلیف آن را روشن کنید.
notice-btn-resolve-refund = ↩️ ثبت نشده: بازگشت وجه به مشتری
notice-btn-resolve-placed = ✅ ثبت شده بود
notice-admin-unknown-status =
    ❓ <b>سفارش #{ $id }</b>: { $provider } وضعیتی را گزارش می‌دهد که نمی‌شناسیم: <code>{ $status }</code>
    سفارش وضعیت خود را حفظ می‌کند و همچنان بررسی می‌شود. آن را در پنل ارائه‌دهنده ببینید.
notice-admin-attention =
    🔔 <b>سفارش #{ $id }</b> ({ $provider }) نیاز به رسیدگی دارد:
    { $problem }
notice-admin-audit =
    🧾 <b>بررسی حساب‌ها</b> مشکلی پیدا کرد: { $finding }
    برای فهرست کامل، <code>smmbot audit</code> را روی سرور اجرا کنید.
notice-admin-payment-not-credited =
    💳 پرداخت Stars با شناسهٔ <code>{ $charge }</code> از کاربر { $user } ثبت شد، اما واریز آن به موجودی ناموفق بود: { $error }
    در هر دور دوباره تلاش می‌شود؛ وقتی واریز شد به مشتری اطلاع داده می‌شود.
