## فارسی. Every key here must exist in English (a test checks it).
## Texts use Telegram HTML; variables that carry customer or provider text arrive escaped.
## Persian is formatted with Unicode isolation (see src/i18n.rs): every { $variable } is
## wrapped in FSI/PDI, so numbers, amounts, links and @usernames keep their own direction.

command-start = باز کردن فروشگاه
command-help = راهنمای کار
command-cancel = لغو کار فعلی

btn-menu = 🏠 منو
btn-new-order = 🛒 سفارش جدید
btn-search = 🔎 جستجو
btn-search-again = 🔎 جستجوی دوباره
btn-my-orders = 📦 سفارش‌های من
btn-balance = 💰 موجودی
btn-language = 🌐 زبان
btn-help = ❓ راهنما
btn-back = 🔙 بازگشت
btn-cancel = ✖️ لغو
btn-order = 🛒 سفارش
btn-confirm = ✅ تأیید و پرداخت
btn-order-details = 📄 جزئیات سفارش
btn-order-again = 🔁 سفارش دوباره

menu-text =
    👋 سلام { $name }!
    موجودی شما: <b>{ $balance }</b>

    چه کاری می‌خواهید انجام دهید؟ انتخاب کنید:
help-text =
    <b>راهنمای کار</b>
    ۱. روی «سفارش جدید» بزنید و یک دسته‌بندی و یک سرویس انتخاب کنید.
    ۲. لینک را بفرستید (کانال، پست یا لینک دعوت خودتان).
    ۳. تعداد را بفرستید و مبلغ کل را بررسی کنید.
    ۴. تأیید کنید: هزینهٔ سفارش از موجودی شما پرداخت و سفارش بی‌درنگ ارسال می‌شود.

    همهٔ سفارش‌ها را می‌توانید در «سفارش‌های من» دنبال کنید. ⁨/cancel⁩ از هر مرحله خارج می‌شود و ⁨/start⁩ منو را باز می‌کند.
language-text = زبان خود را انتخاب کنید:
cancelled = لغو شد. هیچ سفارشی ثبت نشد.
unknown-command = این دستور را نمی‌شناسم. ⁨/start⁩ منو را باز می‌کند و ⁨/help⁩ روش سفارش دادن را توضیح می‌دهد.
use-buttons = لطفاً از دکمه‌های زیر استفاده کنید.
stale-button = این دکمه دیگر فعال نیست. لطفاً از آخرین پیام استفاده کنید.
sandbox-notice = ⚠️ هیچ ارائه‌دهنده‌ای تنظیم نشده است: فروشگاه روی محیط آزمایشی داخلی کار می‌کند. سفارش‌ها شبیه‌سازی می‌شوند و چیزی تحویل داده نمی‌شود.

price-per-unit = { $price } / { $unit }
price-per-item = { $kind ->
        [comments] هر کامنت { $price }
       *[other] هر عدد { $price }
    }
catalogue-empty = در حال حاضر چیزی برای فروش نیست. لطفاً کمی بعد دوباره سر بزنید.
categories-text = 🛒 <b>سفارش جدید</b>
    یک دسته‌بندی انتخاب کنید:
services-text = <b>{ $category }</b>
    یک سرویس انتخاب کنید (قیمت به ازای تعداد نشان داده شده است):
services-empty = در حال حاضر در <b>{ $category }</b> چیزی برای فروش نیست.
search-prompt = 🔎 بنویسید دنبال چه هستید، مثلاً «بازدید» یا «⁨Notpixel⁩».
search-results = 🔎 نتایج برای «{ $query }»:
search-nothing = 🔎 چیزی برای «{ $query }» پیدا نشد. کلمهٔ دیگری را امتحان کنید.
service-card =
    <b>{ $name }</b>
    <i>{ $category }</i>
    { $description }
    قیمت: <b>{ $price }</b>
    حداقل: { $min }، حداکثر: { $max }
service-unavailable = این سرویس دیگر فروخته نمی‌شود. لطفاً سرویس دیگری انتخاب کنید.

ask-link-any = لینک «{ $service }» را بفرستید (آدرس کامل که با ⁨https://⁩ شروع شود).
ask-link-telegram = لینک کانال، گروه یا پست تلگرام را برای «{ $service }» بفرستید، مثلاً ⁨https://t.me/yourchannel⁩ یا ⁨@yourchannel⁩.
ask-link-referral = لینک دعوت خود به { $bot } را برای «{ $service }» بفرستید. این لینک باید پارامتر start داشته باشد، مثلاً ⁨https://t.me/bot/app?startapp=yourcode⁩.
link-not-url = این شبیه لینک نیست. لطفاً آدرس کامل را بفرستید، مثلاً ⁨https://t.me/yourchannel⁩.
link-not-telegram = این سرویس به لینک تلگرام نیاز دارد (⁨t.me/…⁩ یا ⁨@name⁩).
link-no-start = این لینک دعوت نیست: پارامتر start ندارد (⁨?startapp=…⁩ یا ⁨?start=…⁩). مینی‌اپ را باز کنید، لینک دعوت خود را کپی کنید و اینجا بفرستید.
link-wrong-bot = این لینک دعوت به ربات دیگری می‌رود. این سرویس فقط با لینک‌هایی کار می‌کند که به { $bot } می‌روند.

ask-quantity =
    چه تعداد؟ عددی از { $min } تا { $max } بفرستید.
    قیمت: { $price }
quantity-not-number = لطفاً تعداد را فقط با رقم بفرستید، از { $min } تا { $max }.
quantity-below-min = این کمتر از حداقل سفارش است. حداقل سفارش { $min } عدد است.
quantity-above-max = این بیشتر از حداکثر سفارش است. حداکثر سفارش { $max } عدد است.

confirm-text =
    <b>لطفاً سفارش خود را بررسی کنید</b>
    سرویس: { $service }
    لینک: { $link }
    تعداد: { $quantity }{ $details }
    مبلغ کل: <b>{ $total }</b>
confirm-balance =
    موجودی شما: { $balance }
    موجودی پس از سفارش: { $after }
confirm-short =
    موجودی شما: { $balance }
    ⚠️ برای این سفارش <b>{ $missing }</b> کم دارید.
confirm-short-stars = صورت‌حساب زیر ({ $stars } ستاره) را بپردازید تا سفارش با همین قیمت خودکار ثبت شود. سفارش تا { $hours } ساعت منتظر پرداخت شما می‌ماند.
confirm-short-or-crypto = با رمزارز هم می‌توانید بپردازید؛ دکمهٔ زیر را بزنید.
confirm-short-topup = دست‌کم مبلغ کسری را با دکمهٔ زیر به موجودی اضافه کنید تا سفارش با همین قیمت خودکار ثبت شود. سفارش تا { $hours } ساعت منتظر پرداخت شما می‌ماند.
confirm-short-stars-too-many = با یک پرداخت ستاره‌ای حداکثر { $max } ستاره می‌توان پرداخت که برای این سفارش کافی نیست.
confirm-short-no-topup = افزایش موجودی در این فروشگاه فعلاً ممکن نیست.{ $support_via ->
    [none] {""}
   *[other] {" "}{ support-for-top-up }
}
btn-pay-stars = ⭐ پرداخت { $stars } ستاره
purchase-still-short = ⏳ سفارش شما هنوز منتظر پرداخت است: <b>{ $missing }</b> دیگر لازم است. باقی‌مانده را بپردازید تا سفارش خودکار ثبت شود.

order-placed =
    ✅ سفارش <b>#{ $id }</b> ثبت شد و در حال انجام است.
    موجودی شما: { $balance }
    آن را در «سفارش‌های من» دنبال کنید.
order-rejected =
    ❌ سفارش #{ $id } پذیرفته نشد: { $reason }
    بازگشت وجه: { $refunded } به موجودی شما برگشت.
order-unconfirmed =
    ⏳ سفارش #{ $id } در حال بررسی است: تأیید آن بیش از معمول طول کشیده است.
    مبلغ این سفارش برای آن کنار گذاشته شده، از بین نمی‌رود و دو بار کسر نمی‌شود. بررسی می‌کنیم و نتیجه را به شما خبر می‌دهیم.
order-insufficient = موجودی شما کافی نیست: { $missing } کم است. مبلغی کسر نشد.
order-already-placed = این سفارش قبلاً با شمارهٔ #{ $id } ثبت شده است. مبلغی دو بار کسر نشد.
order-price-changed = قیمت این سرویس تغییر کرده است: مبلغ کل اکنون { $total } است. مبلغی کسر نشد؛ لطفاً سفارش را از نو شروع کنید.
order-again-limits = این سرویس اکنون در هر سفارش از { $min } تا { $max } عدد می‌پذیرد، پس سفارش { $quantity } عددی را نمی‌توان همان‌طور تکرار کرد. سفارش تازه‌ای با تعداد مناسب ثبت کنید.
reason-link = با این لینک نمی‌توان سفارش را انجام داد. لطفاً بررسی کنید که عمومی و درست باشد.
reason-quantity = این تعداد را اکنون نمی‌توان برای این لینک سفارش داد.
reason-duplicate = سفارشی برای این لینک هنوز در حال انجام است. لطفاً تا پایان آن صبر کنید.
reason-busy = در حال حاضر سفارش پذیرفته نمی‌شود. لطفاً چند دقیقهٔ دیگر دوباره امتحان کنید.
reason-unavailable = این سرویس موقتاً در دسترس نیست. لطفاً بعداً امتحان کنید یا سرویس دیگری انتخاب کنید.

orders-empty = هنوز هیچ سفارشی ندارید.
orders-text = 📦 <b>سفارش‌های من</b> ({ $count ->
        [one] { $count } سفارش
       *[other] { $count } سفارش
    })، از جدید به قدیم:
order-details =
    📄 <b>سفارش #{ $id }</b>
    سرویس: { $service }
    لینک: { $link }
    تعداد: { $quantity }{ $details }
    پرداخت‌شده: { $charge }
    وضعیت: <b>{ $state }</b>{ $progress }
    ایجاد: { $created }
state-submitting = در حال ارسال
state-placed = ثبت شده
state-rejected = رد شده، با بازگشت وجه
state-unknown_outcome = در حال بررسی
state-pending = در انتظار شروع
state-in_progress = در حال انجام
state-completed = انجام شده
state-partial = ناقص
state-canceled = لغو شده
state-refunded = بازگشت وجه شده
state-failed = ناموفق

balance-text = 💰 موجودی شما: <b>{ $balance }</b>
    آخرین تراکنش‌ها:
balance-no-movements = هنوز تراکنشی ندارید.
balance-topup-hint = { $support_via ->
    [none] افزایش موجودی در این فروشگاه فعلاً ممکن نیست.
   *[other] { support-for-top-up }
}
ledger-admin_credit = افزایش موجودی
ledger-order_charge = سفارش #{ $reference }
ledger-order_refund = بازگشت وجه سفارش #{ $reference }

credit-usage = روش استفاده: /credit &lt;user_id&gt; &lt;مبلغ&gt; [دلیل]
credit-done = { $amount } به حساب کاربر { $user } اضافه شد. موجودی او: { $balance }.
credit-unknown-user = کاربر { $user } هنوز ربات را شروع نکرده است: چیزی اضافه نشد.
credit-duplicate = این دستور قبلاً اجرا شده است: چیزی دو بار اضافه نشد.
credit-received = 💰 موجودی شما { $amount } افزایش یافت. موجودی: { $balance }.

btn-all-at-once = ⚡ همه یک‌جا
ask-comments =
    کامنت‌ها را بفرستید، هر کدام در یک خط: هر خط یک کامنت می‌شود.
    از { $min } تا { $max } خط.
comments-too-few = کامنت‌ها خیلی کم است: دست‌کم { $min } خط بفرستید، هر خط یک کامنت.
comments-too-many = کامنت‌ها خیلی زیاد است: حداکثر { $max } خط.
comments-too-long = کامنت خط { $line } خیلی طولانی است. لطفاً آن را کوتاه کنید.
ask-poll-answer = رأی‌ها به کدام گزینه داده شود؟ شمارهٔ آن را همان‌طور که در نظرسنجی آمده بفرستید (۱ برای گزینهٔ اول).
poll-answer-invalid = لطفاً شمارهٔ گزینه را بفرستید، از ۱ تا { $max }.
ask-dripfeed =
    همه یک‌جا: { $quantity } عدد به مبلغ { $price }.
    یا به‌تدریج: در هر مرحله { $quantity } عدد تحویل داده می‌شود و هزینهٔ هر مرحله جدا پرداخت می‌شود. تعداد مرحله‌ها و فاصلهٔ بین آن‌ها به دقیقه را بفرستید، مثلاً «{ $runs } { $interval }»: { $runs } مرحله، هر { $interval } دقیقه یک‌بار — در مجموع { $total } عدد به مبلغ { $total_price }.
dripfeed-invalid = لطفاً دو عدد بفرستید: تعداد مرحله‌ها (۲ تا ۱۰۰) و دقیقه‌های بین آن‌ها (۱ تا ۱۴۴۰)، مثلاً «۵ ۳۰». یا روی «همه یک‌جا» بزنید.
order-comments = کامنت‌ها: { $count }
order-poll-answer = گزینهٔ نظرسنجی: شمارهٔ { $answer }
order-dripfeed = تحویل تدریجی: { $runs } مرحله × { $quantity }، هر { $interval } دقیقه (در مجموع { $total })
confirm-subscribers = کانال اکنون { $count } عضو دارد.

## Referrals (issue 15)
btn-invite = 👥 دعوت از دوستان
referral-screen =
    👥 <b>دعوت از دوستان</b>

    لینک شخصی خود را با دیگران به اشتراک بگذارید. هر کس فروشگاه را با این لینک باز کند، { $percent }٪ از مبلغ هر سفارش تکمیل‌شده‌اش مستقیم به موجودی شما اضافه می‌شود.

    { $link }

    تعداد افرادی که با لینک شما آمده‌اند: { $joined }
    درآمد تا امروز: { $earned }
referral-off = برنامهٔ دعوت در حال حاضر فعال نیست.
referral-earned =
    🎁 { $level ->
        [1] دوستی که دعوت کرده بودید
       *[other] کسی که دوستتان دعوت کرده بود
    } سفارشی را به پایان رساند: { $amount } به موجودی شما اضافه شد.
    موجودی: { $balance }
ledger-referral_commission = پاداش سفارش دوست دعوت‌شده
ledger-referral_reversal = پس‌گرفتن پاداش دعوت پس از بازپرداخت

## The "API" screen under the balance: a customer's key to the shop's panel API (issue 16).
api-btn = 🔌 API
api-text =
    🔌 <b>API برای نمایندگان فروش</b>
    خدمات ما را از پنل یا ربات خودتان بفروشید. این API مانند API v2 پنل‌های SMM کار می‌کند، با عملیات <code>services</code>، <code>add</code>، <code>status</code>، <code>balance</code>، <code>refill</code>، <code>refill_status</code> و <code>cancel</code>. نشانی API را از ما بپرسید.
    سفارش‌هایی که از راه API ثبت می‌شوند از همین موجودی پرداخت می‌شوند و در «سفارش‌های من» دیده می‌شوند. هر درخواست <code>add</code> یک سفارش تازه است: اگر پنل شما درخواستی را تکرار کند، دو بار پرداخت می‌کنید.
api-key-live = شما یک کلید API دارید که { $since } ساخته شده است. این کلید فقط یک بار نمایش داده می‌شود؛ اگر آن را گم کرده‌اید، کلید تازه‌ای بسازید — کلید قبلی بی‌درنگ از کار می‌افتد.
api-key-none = هنوز کلید API ندارید.
api-btn-create = 🔑 ساخت کلید
api-btn-replace = 🔑 ساخت کلید تازه
api-btn-revoke = 🚫 باطل کردن کلید
api-key-created = 🔑 کلید API تازهٔ شما. همین حالا آن را ذخیره کنید؛ دیگر نمایش داده نمی‌شود. آن را به کسی ندهید — هر کس آن را داشته باشد می‌تواند موجودی شما را خرج کند.
api-key-revoked = 🚫 کلید API شما باطل شد و دیگر کار نمی‌کند.
api-not-offered = API برای حساب شما در دسترس نیست. اگر می‌خواهید خدمات ما را بفروشید، به فروشگاه پیام دهید.
# The Mini App: the shop as a page inside Telegram.
webapp-open = 🛍 باز کردن فروشگاه
webapp-title = فروشگاه
webapp-tab-shop = فروشگاه
webapp-tab-orders = سفارش‌های من
webapp-tab-balance = موجودی
webapp-search = جستجوی خدمات
webapp-nothing-found = چیزی پیدا نشد. کلمهٔ دیگری را امتحان کنید.
webapp-link = لینک
webapp-quantity = تعداد
webapp-comments = نظرها، هر کدام در یک خط
webapp-answer-number = شمارهٔ گزینه‌ای که به آن رأی داده شود
webapp-limits = از { $min } تا { $max }
webapp-total = جمع کل
webapp-continue = ادامه
webapp-top-up = افزایش موجودی در گفتگو
webapp-open-chat = بازگشت به گفتگو
webapp-your-balance = موجودی شما
webapp-movements = آخرین تراکنش‌ها
webapp-not-signed = لطفاً فروشگاه را با دکمهٔ داخل گفتگو با ربات باز کنید.
webapp-failed = مشکلی پیش آمد. لطفاً کمی بعد دوباره امتحان کنید.
webapp-short-top-up = روی «افزایش موجودی در گفتگو» بزنید: صورت‌حساب به گفتگو می‌آید و پس از پرداخت، سفارش با همین قیمت خودکار ثبت می‌شود.
webapp-top-up-in-chat = صورت‌حساب در گفتگو منتظر شماست. به محض پرداخت، سفارش خودکار ثبت می‌شود.
webapp-expired = این تأیید قدیمی شده است. لطفاً سفارش را دوباره بررسی کنید.
webapp-no-such-order = چنین سفارشی وجود ندارد.
webapp-join-channel = 📢 برای استفاده از فروشگاه، ابتدا در کانال ما عضو شوید و سپس فروشگاه را دوباره باز کنید.
