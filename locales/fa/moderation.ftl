## Admin: users, orders, broadcast, maintenance; banned customers.

# To customers.
mod-banned = ⛔ شما دیگر نمی‌توانید از این فروشگاه استفاده کنید.{ $support_via ->
    [both] {" "}اگر فکر می‌کنید اشتباهی رخ داده، به { $support_contact } پیام دهید.
    [contact] {" "}اگر فکر می‌کنید اشتباهی رخ داده، به { $support_contact } پیام دهید.
   *[other] {""}
}
mod-closed = 🛠 فروشگاه در حال حاضر برای تعمیر و نگهداری بسته است. لطفاً کمی بعد دوباره سر بزنید.
mod-debit-received = 💸 { $amount } از موجودی شما کسر شد: { $reason }. موجودی: { $balance }.

# A statement line; the balance screen names it after the ledger kind, hence no `mod-` prefix.
ledger-admin_debit = اصلاحیه

# /user
mod-user-usage = روش استفاده: /user &lt;id یا @username&gt;
mod-user-not-found = کسی با نام { $who } ربات را شروع نکرده است.
mod-profile =
    👤 <b>{ $name }</b> { $username } · شناسه <code>{ $id }</code>
    زبان: { $language } · از { $since } · آخرین بازدید { $seen }
    موجودی: <b>{ $balance }</b>
mod-profile-no-username = (بدون نام کاربری)
mod-profile-admin = 🛡 مدیر است.
mod-profile-banned = ⛔ از { $time } مسدود شده است.
mod-profile-blocked = 🚫 در { $time } ربات را مسدود کرده است.
mod-profile-orders = { $count ->
    [0] هنوز سفارشی ندارد.
    [one] <b>{ $count } سفارش</b>، آخرین‌ها:
   *[other] <b>{ $count } سفارش</b>، آخرین‌ها:
}
mod-profile-ledger = <b>آخرین تراکنش‌ها</b>:
mod-profile-no-ledger = هنوز تراکنشی نیست.
mod-btn-credit = ➕ افزودن
mod-btn-debit = ➖ کسر
mod-btn-ban = ⛔ مسدود کردن
mod-btn-unban = ✅ رفع مسدودیت
mod-btn-refresh = 🔄 به‌روزرسانی
mod-ban-done = ⛔ کاربر { $user } مسدود شد: یک پاسخ کوتاه می‌گیرد و بعد از آن سکوت.
mod-unban-done = ✅ کاربر { $user } دیگر مسدود نیست.
mod-ban-admin = مدیران را نمی‌توان مسدود کرد: ابتدا آن‌ها را از ADMIN_IDS حذف کنید.

# Credit and debit from a profile.
mod-credit-ask = ➕ چه مبلغی به موجودی { $name } (شناسه { $user }، موجودی { $balance }) اضافه شود و به چه دلیل؟ مبلغ و دلیل را بفرستید، مثلاً <code>5 جایزهٔ مسابقه</code>.
mod-debit-ask = ➖ چه مبلغی از موجودی { $name } (شناسه { $user }، موجودی { $balance }) کسر شود و به چه دلیل؟ مبلغ و دلیل را بفرستید، مثلاً <code>5 با کارت بازگردانده شد</code>.
mod-change-invalid = مبلغ را به { $currency } و بیشتر از صفر بفرستید و سپس دلیل را، مثلاً <code>5 جایزهٔ مسابقه</code>.
mod-credited = ✅ { $amount } به موجودی کاربر { $user } اضافه شد ({ $reason }). موجودی: { $balance }.
mod-debited = ✅ { $amount } از موجودی کاربر { $user } کسر شد ({ $reason }). موجودی: { $balance }.
mod-debit-short = موجودی { $balance } است: نمی‌توان { $amount } کسر کرد. مبلغ کمتری بفرستید یا /cancel.
mod-change-duplicate = این پیام قبلاً اجرا شده است: چیزی دو بار تغییر نکرد.

# /order
mod-order-usage = روش استفاده: /order &lt;شناسهٔ سفارش&gt;
mod-order-not-found = سفارش #{ $id } وجود ندارد.
mod-order =
    📦 <b>سفارش #{ $id }</b> · { $state }
    مشتری: { $customer } · شناسه <code>{ $user }</code>
    سرویس: { $service } (#{ $service_id })
    لینک: { $link }
    تعداد: { $quantity } · مبلغ: { $charge } · بازگشت وجه: { $refunded }
    تأمین‌کننده: { $provider } · سرویس آن‌ها { $provider_service } · سفارش آن‌ها { $provider_order }
    ایجاد { $created } · تغییر { $updated }
mod-order-error = مشکل: { $error }
mod-order-answer =
    <b>آخرین پاسخ تأمین‌کننده</b> ({ $time }):
    وضعیت «{ $status }» · باقی‌مانده { $remains } · شمارش اولیه { $start } · مبلغ { $charge }
mod-order-no-answer = تأمین‌کننده هنوز دربارهٔ این سفارش پاسخی نداده است.
mod-order-events = <b>تغییرات</b>، آخرین‌ها:
mod-order-event = { $time } · { $state } · «{ $status }» · باقی‌مانده { $remains }
mod-btn-refund-all = ↩️ بازگشت کامل وجه { $amount }
mod-btn-refund-part = ↩️ بازگشت بخشی از وجه
mod-btn-customer = 👤 مشتری
mod-refund-ask = ↩️ چه مبلغی از سفارش #{ $id } بازگردانده شود، حداکثر { $charge }؟ مبلغ و در صورت تمایل دلیل را بفرستید، مثلاً <code>0.50 نیمی تحویل نشد</code>. بازگشت وجه هر سفارش را ادمین فقط یک بار انجام می‌دهد؛ اگر سفارش بعداً لغو شود، فروشگاه فقط مبلغی را که هنوز باقی مانده برمی‌گرداند.
mod-refund-invalid = مبلغی بیشتر از صفر و حداکثر { $charge } بفرستید، مثلاً <code>0.50</code>.
mod-refunded = ↩️ بازگشت وجه: { $amount } از سفارش #{ $id } به کاربر { $user } بازگردانده شد و به او اطلاع داده می‌شود.
mod-refund-again = برای سفارش #{ $id } قبلاً بازگشت وجه انجام شده است (در مجموع { $amount }). ادمین بازگشت وجه هر سفارش را فقط یک بار و نه بیشتر از مبلغ آن انجام می‌دهد: چیزی تغییر نکرد.
mod-refund-not-settled = سفارش #{ $id } در وضعیت { $state } است: تا تکلیف آن روشن نشود، بازگشت وجه ممکن نیست.

# /broadcast
mod-broadcast-usage = روی پیامی که می‌خواهید برای همهٔ مشتریان فرستاده شود، با <code>/broadcast</code> پاسخ دهید.
mod-broadcast-nobody = مشتری‌ای برای ارسال وجود ندارد.
mod-broadcast-confirm = { $count ->
    [one] 📣 پیامی که به آن پاسخ دادید برای <b>{ $count } مشتری</b> فرستاده شود؟
   *[other] 📣 پیامی که به آن پاسخ دادید برای <b>{ $count } مشتری</b> فرستاده شود؟
}
    مشتریانی که ربات را مسدود کرده‌اند یا مسدود شده‌اند کنار گذاشته می‌شوند.
mod-btn-broadcast-send = 📣 ارسال
mod-broadcast-started = { $count ->
    [one] 📣 پیام همگانی #{ $id } برای { $count } مشتری در حال شروع است…
   *[other] 📣 پیام همگانی #{ $id } برای { $count } مشتری در حال شروع است…
}
mod-broadcast-progress = 📣 پیام همگانی #{ $id }: { $done } از { $recipients } انجام شد.
mod-broadcast-paused = ⏸ توقف به مدت { $seconds } ثانیه: تلگرام خواست کندتر بفرستیم یا در دسترس نبود. ارسال خودبه‌خود ادامه می‌یابد.
mod-broadcast-finished = ✅ پیام همگانی #{ $id } تمام شد: { $sent } از { $recipients } تحویل شد.
mod-broadcast-aborted = ⛔ پیام همگانی #{ $id } متوقف شد: پیام آن حذف شده است. ارسال‌نشده: { $waiting }.
mod-broadcast-counts = ارسال‌شده: { $sent } · ربات را مسدود کرده‌اند: { $blocked } · ناموفق: { $failed } · تأییدنشده: { $unknown }
mod-broadcast-canceled = ✖️ پیام همگانی #{ $id } کنار گذاشته شد: چیزی ارسال نشد.
mod-broadcast-already = پیام همگانی #{ $id } قبلاً شروع شده است.
mod-broadcast-dropped-already = پیام همگانی #{ $id } کنار گذاشته شده است.
mod-broadcast-gone = پیام همگانی #{ $id } وجود ندارد.

# /maintenance
mod-maintenance-usage = روش استفاده: /maintenance on|off
mod-maintenance-on = 🛠 حالت تعمیر و نگهداری روشن است: به مشتریان گفته می‌شود فروشگاه بسته است؛ مدیران به کار ادامه می‌دهند. /maintenance off دوباره آن را باز می‌کند.
mod-maintenance-off = ✅ حالت تعمیر و نگهداری خاموش است: فروشگاه باز است.
mod-maintenance-is-on = 🛠 حالت تعمیر و نگهداری روشن است: به مشتریان گفته می‌شود فروشگاه بسته است.
mod-maintenance-is-off = ✅ فروشگاه باز است (حالت تعمیر و نگهداری خاموش است).

# کانال اجباری (REQUIRED_CHANNEL)
channel-join = 📢 برای استفاده از فروشگاه، ابتدا عضو کانال ما شوید و سپس دکمهٔ «عضو شدم» را بزنید.
channel-btn-join = 📢 عضویت در کانال
channel-btn-joined = ✅ عضو شدم
channel-not-yet = هنوز عضو کانال نشده‌اید. عضو شوید و دوباره «عضو شدم» را بزنید.

## The panel API as admins see it (issue 16): resellers on a customer's profile (who may use
## the API, at what markup), and orders placed through it.
mod-profile-not-reseller = نماینده فروش: خیر
mod-profile-reseller = نماینده فروش: بله، با قیمت‌های فروشگاه
mod-profile-reseller-markup = نماینده فروش: بله، سود { $percent } %
mod-btn-reseller-on = 🤝 نماینده فروش شود
mod-btn-reseller-off = 🤝 دیگر نماینده فروش نباشد
mod-btn-reseller-markup = 💹 سود نماینده
mod-reseller-on = 🤝 کاربر { $user } اکنون نماینده فروش است.
mod-reseller-off = 🤝 کاربر { $user } دیگر نماینده فروش نیست.
mod-reseller-markup-ask = 💹 کاربر { $user } برای سفارش‌های API چند درصد سود روی قیمت تمام‌شدهٔ ما بپردازد؟ درصد را بفرستید، مثلاً <code>10</code>، یا <code>-</code> برای قیمت‌های معمول فروشگاه. اگر با این سود خدمتی زیر قیمت تمام‌شده فروخته شود، همان قیمت معمول می‌ماند.
mod-reseller-markup-invalid = درصد را بفرستید، مثلاً <code>10</code> یا <code>12.5</code> (حداکثر 10000)، یا <code>-</code> برای قیمت‌های معمول فروشگاه.
mod-reseller-markup-set = 💹 کاربر { $user } از این پس از راه API با { $percent } % سود خرید می‌کند.
mod-reseller-markup-cleared = 💹 کاربر { $user } از این پس از راه API با قیمت‌های معمول فروشگاه خرید می‌کند.
mod-order-through-api = 🔌 از راه API ثبت شده است.
mod-order-through-webapp = 🛍 از مینی‌اپ فروشگاه ثبت شده است.
