## Actions on a placed order: refresh, refill, cancel; admin resolution.
## Texts use Telegram HTML; variables that carry customer or provider text arrive escaped.

action-btn-refresh = 🔄 به‌روزرسانی
action-btn-refill = ♻️ جبران ریزش
action-btn-cancel = 🛑 لغو سفارش

action-refunded = بازگشت وجه: <b>{ $amount }</b>
action-checked-at = آخرین بررسی: { $time }
action-refill-running = ♻️ جبران ریزش در حال انجام است.
action-cancel-pending = 🛑 درخواست لغو ثبت شد: در انتظار تأیید.

action-refreshed = 🔄 وضعیت همین الان بررسی شد.
action-just-checked = 🔄 این سفارش چند ثانیه پیش بررسی شده است: این تازه‌ترین وضعیت است.
action-no-news = 🔄 هنوز خبر تازه‌ای دربارهٔ این سفارش نیست. آخرین وضعیت شناخته‌شده در زیر آمده است.
action-refresh-failed = ⚠️ بررسی سفارش در حال حاضر ممکن نشد: { $reason }. آخرین وضعیت شناخته‌شده در زیر آمده است.
action-refresh-skipped = ℹ️ چیزی برای بررسی نیست: { $reason }.
action-refill-requested = ♻️ درخواست جبران ریزش ثبت شد. وقتی انجام شود به شما خبر می‌دهیم.
action-refill-refused = ❌ جبران ریزش درخواست نشد: { $reason }. چیزی تغییر نکرد.
action-cancel-requested = 🛑 درخواست لغو ثبت شد. اگر سفارش لغو شود، مبلغ بخش تحویل‌نشده خودکار به موجودی شما برمی‌گردد و به شما خبر می‌دهیم.
action-cancel-refused = ❌ سفارش لغو نشد: { $reason }. مانند قبل ادامه می‌یابد.

action-why-no-such-order = چنین سفارشی وجود ندارد
action-why-not-placed = سفارش هنوز به جریان نیفتاده است
action-why-finished = سفارش قبلاً به پایان رسیده است
action-why-not-completed = جبران ریزش پس از کامل شدن سفارش ممکن است
action-why-not-supported = این سرویس چنین امکانی ندارد
action-why-refill-running = جبران ریزش این سفارش از قبل در حال انجام است
action-why-cancel-requested = درخواست لغو قبلاً ثبت شده است
action-why-unknown-to-provider = این سفارش در جریان کار پیدا نشد
action-why-refused = درخواست پذیرفته نشد
action-why-unreachable = در حال حاضر امکان بررسی سفارش نیست، لطفاً چند دقیقهٔ دیگر دوباره امتحان کنید

action-ask-provider-id =
    شناسهٔ سفارش نزد تأمین‌کننده را برای سفارش #{ $id } همان‌طور که در پنل آن نشان داده می‌شود بفرستید.
    از آن پس سفارش مانند بقیه پیگیری می‌شود.
action-provider-id-invalid = این شناسهٔ سفارش نیست: آن را به‌صورت یک کلمه، بدون ویرگول و حداکثر ۶۴ نویسه بفرستید.
action-settled-placed = ✅ سفارش #{ $id } با شمارهٔ سفارش { $provider_id } نزد تأمین‌کننده ثبت‌شده اعلام شد. از این پس وضعیت آن پیگیری و به مشتری اطلاع داده می‌شود.
action-settled-refund = ↩️ بازگشت وجه سفارش #{ $id } انجام شد: { $amount } به کاربر { $user } بازگردانده شد و به او اطلاع داده می‌شود.
action-already-settled = تکلیف سفارش #{ $id } قبلاً روشن شده است (اکنون: { $state }). چیزی تغییر نکرد.
action-no-such-order = سفارش #{ $id } وجود ندارد.
action-provider-id-taken = این شناسهٔ سفارش تأمین‌کننده قبلاً به سفارش #{ $holder } تعلق دارد. چیزی تغییر نکرد: شناسه را بررسی کنید و دوباره بفرستید، یا روی منو بزنید.

cancelled-step = لغو شد.
