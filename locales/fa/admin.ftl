## Admin: statistics, providers, catalogue sync.

admin-stats-title = 📊 <b>آمار</b> · در مجموع { $users ->
        [one] { $users } کاربر
       *[other] { $users } کاربر
    } · روزها به وقت UTC
admin-stats-today = <b>امروز</b>
admin-stats-last-days = <b>{ $days } روز گذشته</b>
admin-stats-users = 👥 کاربران: { $new } جدید، { $active } فعال
admin-stats-row-orders = سفارش‌ها
admin-stats-row-revenue = درآمد
admin-stats-row-cost = هزینه
admin-stats-row-profit = سود
admin-stats-row-stars = پرداخت با Stars
admin-stats-row-crypto = پرداخت با رمزارز
admin-stats-row-admin = افزودهٔ مدیران
admin-stats-not-known = نامعلوم
admin-stats-cost-note = * هزینهٔ { $unknown } سفارش هنوز معلوم نیست: هزینه و سود فقط برای بقیه حساب شده است.
admin-stats-top = 🏆 <b>سرویس‌های برتر، { $days } روز گذشته</b>
admin-stats-top-line = { $rank }. { $service }: { $orders ->
        [one] { $orders } سفارش
       *[other] { $orders } سفارش
    }، { $revenue }
admin-stats-top-empty = هنوز سفارشی نیست.
admin-stats-chart-caption = سفارش‌ها، درآمد، هزینه و سود روزانه، { $days } روز گذشته (UTC)
admin-chart-orders = سفارش‌ها در روز
admin-chart-money = مبالغ روزانه، { $currency }
admin-chart-revenue = درآمد
admin-chart-cost = هزینه
admin-chart-profit = سود

admin-providers-title = 🔌 <b>ارائه‌دهندگان</b>
admin-provider-balance = 💳 موجودی: { $balance }
admin-provider-balance-watched = 💳 موجودی: { $balance } (هشدار زیر { $threshold })
admin-provider-balance-low = 💳 موجودی: { $balance } ⚠️ زیر { $threshold }
admin-provider-balance-failed = 💳 موجودی: در دسترس نیست ({ $error })
admin-provider-services = 🗂 سرویس‌های در فروش: { $on_sale } از { $listed }
admin-provider-last-success = ✅ آخرین پاسخ موفق: { $at }
admin-provider-no-success = ✅ هنوز پاسخ موفقی نیامده
admin-provider-last-error = ❌ آخرین خطا: { $at }، { $error }
admin-provider-no-error = ❌ بدون خطا
admin-provider-error-rate = 📉 سفارش‌های ناموفق، { $days } روز گذشته: { $failed } از { $orders } ({ $percent }%)
admin-provider-error-rate-none = 📉 در { $days } روز گذشته سفارشی نبوده است
admin-provider-failing = ⚠️ { $failures ->
        [one] { $failures } درخواست ناموفق
       *[other] { $failures } درخواست ناموفق
    } پشت سر هم
admin-low-balance-alert = ⚠️ موجودی نزد ارائه‌دهندهٔ <b>{ $provider }</b> برابر { $balance } است که زیر سطح هشدار { $threshold } است. آن را شارژ کنید تا سفارش‌ها همچنان انجام شوند.

admin-sync-running = 🔄 <b>{ $provider }</b>: در حال همگام‌سازی کاتالوگ…
admin-sync-done = ✅ <b>{ $provider }</b>: همگام شد، { $on_sale } در فروش
admin-sync-failed = ❌ <b>{ $provider }</b>: همگام‌سازی ناموفق بود ({ $error })؛ کاتالوگ قبلی در فروش می‌ماند
admin-sync-summary = 🗂 <b>همگام‌سازی کاتالوگ تمام شد</b>
admin-sync-summary-line = <b>{ $provider }</b>: { $added } افزوده، { $removed } حذف، { $repriced ->
        [one] { $repriced } تغییر قیمت
       *[other] { $repriced } تغییر قیمت
    }
admin-sync-summary-failed = <b>{ $provider }</b>: ناموفق، چیزی تغییر نکرد

## دستورهای مدیر در منوی دستورهای تلگرام: هرکدام در چند کلمه.
command-credit = افزایش یا کسر موجودی
command-stats = فروش، هزینه و سود، با نمودار
command-user = یافتن مشتری
command-order = یافتن سفارش
command-providers = تأمین‌کنندگان: موجودی و وضعیت
command-sync = به‌روزرسانی فوری کاتالوگ
command-service = دیدن یا تغییر یک سرویس
command-markup = دیدن یا تعیین سود فروش
command-fx = نرخ‌های ارز
command-broadcast = ارسال پیام به همهٔ مشتریان
command-maintenance = روشن یا خاموش کردن حالت تعمیرات
command-starsrefund = بازگرداندن پرداخت با Stars
command-tickets = درخواست‌های پشتیبانی باز

## راهنمای مدیر (/help): همهٔ دستورهای مدیر، کار هرکدام (command-<name>) و یک نمونه.
admin-help-title = 🛠 <b>دستورهای مدیر</b>
admin-help-line = <b>{ $command }</b> — { $what }: <code>{ $example }</code>
admin-help-example-credit = /credit 123456789 5 جایزهٔ مسابقه
admin-help-example-stats = /stats
admin-help-example-user = /user @username
admin-help-example-order = /order 17
admin-help-example-providers = /providers
admin-help-example-sync = /sync
admin-help-example-service = /service 12 markup 35
admin-help-example-markup = /markup 25
admin-help-example-fx = /fx USD 92.5
admin-help-example-broadcast = /broadcast
admin-help-example-maintenance = /maintenance on
admin-help-example-starsrefund = /starsrefund stxAbC123
admin-help-example-tickets = /tickets

## ‏/broadcast بدون پاسخ: ربات پیام را می‌خواهد و آن را همان‌طور که مشتریان می‌گیرند نشان می‌دهد.
admin-broadcast-ask = 📣 پیامی را که باید برای همهٔ مشتریان فرستاده شود بفرستید: متن، یا عکس با توضیح. پیش از ارسال، آن را همان‌طور که مشتریان می‌بینند نشانتان می‌دهم. برای لغو: /cancel
admin-broadcast-preview-confirm = 📣 پیام بالا همان چیزی است که مشتریان دریافت می‌کنند. برای <b>{ $count } مشتری</b> فرستاده شود؟

## ‏/order: مشکلی که سفارش از آن گذشته است، زیر تاریخچه.
admin-order-past-error = مشکل پیشین: { $error }

## شارژ آزمایشی برای مشتریان: فقط تا وقتی تنها منبع خدمات، محیط آزمایشی داخلی است.
topup-btn-demo = 🧪 شارژ آزمایشی: +{ $amount }
topup-demo-note = 🧪 این یک فروشگاه آزمایشی است: سفارش‌ها فقط شبیه‌سازی می‌شوند و چیزی تحویل داده نمی‌شود. با پول آزمایشی امتحانش کنید؛ پرداختی لازم نیست.
topup-demo-done = 🧪 { $amount } پول آزمایشی به موجودی شما اضافه شد و موجودی اکنون { $balance } است. سفارش‌ها اینجا فقط شبیه‌سازی می‌شوند؛ هرچه می‌خواهید امتحان کنید.
topup-demo-unavailable = این فروشگاه پول آزمایشی ندارد.
ledger-demo_topup = شارژ آزمایشی

## Referrals (issue 15)
referral-admin-unrecovered = ⚠️ بخشی از پورسانت معرفی پس گرفته نشد (موجودی معرف کافی نبود): { $amount }. این مبلغ ثبت شد.
referral-admin-user = معرف: { $referrer } · معرفی‌شده‌ها: { $joined } { $referees } · درآمد: { $earned }
referral-admin-nobody = هیچ‌کس
referral-admin-stats = پرداخت‌های معرفی: { $paid } (پس‌گرفته‌نشده پس از بازپرداخت: { $unrecovered })

## Admin alert digests (issue 18): the alerts of one kind that came within a minute, as one message.
notice-digest-unknown-outcome = ⚠️ <b>سفارش‌های با نتیجهٔ نامعلوم: { $count }</b>. پول مشتریان نگه داشته می‌شود تا تک‌تک آن‌ها را رسیدگی کنید.
notice-digest-unknown-status = ❓ <b>سفارش‌هایی با وضعیت ناشناخته: { $count }</b>. وضعیتشان تغییر نمی‌کند و همچنان بررسی می‌شوند.
notice-digest-attention = 🔔 <b>سفارش‌هایی که نیاز به رسیدگی دارند: { $count }</b>
notice-digest-below-cost = 📉 <b>خدماتی که چون زیر قیمت تمام‌شده فروخته می‌شدند پنهان شدند: { $count }</b>
notice-digest-payment-not-credited = 💳 <b>پرداخت‌های Stars که هنوز به موجودی واریز نشده‌اند: { $count }</b>. در هر دور دوباره تلاش می‌شود.
notice-digest-crypto-attention = ⚠️ <b>پرداخت‌های Crypto Pay که با صورت‌حساب خود نمی‌خوانند: { $count }</b>. برای آن‌ها چیزی واریز نشد.
notice-digest-audit = 🧾 <b>مشکلاتی که بررسی حساب‌ها پیدا کرد: { $count }</b>. برای فهرست کامل، <code>smmbot audit</code> را روی سرور اجرا کنید.
notice-digest-low-balance = 💰 <b>ارائه‌دهندگانی که موجودی‌شان زیر سطح هشدار است: { $count }</b>
notice-digest-more = …و { $count } مورد دیگر.
notice-digest-btn-refund = ↩️ #{ $id }: بازگشت وجه
notice-digest-btn-placed = ✅ #{ $id }: ثبت شده بود
