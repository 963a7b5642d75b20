## Admin: statistics, providers, catalogue sync.

admin-stats-title = 📊 <b>آمار</b> · در مجموع { $users ->
        [one] { $users } کاربر
       *[other] { $users } کاربر
    } · روزها به وقت UTC
admin-stats-today = <b>امروز</b>
admin-stats-last-days = <b>{ $days } روز گذشته</b>
admin-stats-users = 👥 کاربران: { $new } جدید، { $active } فعال
admin-stats-orders = 🛒 سفارش‌ها: { $orders }، درآمد { $revenue }
admin-stats-cost = 🏭 هزینهٔ ارائه‌دهنده: { $cost }
admin-stats-cost-partial = 🏭 هزینهٔ ارائه‌دهنده: { $cost } (برای { $unknown ->
        [one] { $unknown } سفارش
       *[other] { $unknown } سفارش
    } نامعلوم)
admin-stats-cost-unknown = 🏭 هزینهٔ ارائه‌دهنده: هنوز نامعلوم
admin-stats-profit = 💰 سود: { $profit }
admin-stats-profit-partial = 💰 سود: { $profit } (برای سفارش‌هایی که هزینه‌شان معلوم است)
admin-stats-profit-unknown = 💰 سود: هنوز نامعلوم
admin-stats-money-in = 📥 ورودی پول: ⭐ Stars { $stars } · 🪙 رمزارز { $crypto } · 👤 دستی توسط مدیران { $admin }
admin-stats-top = 🏆 <b>سرویس‌های برتر، { $days } روز گذشته</b>
admin-stats-top-line = { $rank }. { $service }: { $orders ->
        [one] { $orders } سفارش
       *[other] { $orders } سفارش
    }، { $revenue }
admin-stats-top-empty = هنوز سفارشی نیست.
admin-stats-chart-caption = سفارش‌ها و درآمد روزانه، { $days } روز گذشته (UTC)
admin-chart-orders = سفارش‌ها در روز
admin-chart-revenue = درآمد روزانه، { $currency }

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
command-broadcast = ارسال پیامِ پاسخ‌داده‌شده به همه
command-maintenance = روشن یا خاموش کردن حالت تعمیرات
command-starsrefund = بازگرداندن پرداخت با Stars
command-tickets = درخواست‌های پشتیبانی باز
