## Pricing admin: services, markups, exchange rates, the loss guard.

pricing-saved = ✅ ذخیره شد و قیمت‌ها به‌روز شدند: { $on_sale } در فروش، { $hidden } پنهان.
pricing-saved-below-cost = ⚠️ { $count ->
    [one] یک سرویس
   *[other] { $count } سرویس
} زیر قیمت تمام‌شده فروخته می‌شد و { $count ->
    [one] پنهان شد
   *[other] پنهان شدند
}.
pricing-unknown-category = دسته‌بندی #{ $id } وجود ندارد. /markup فهرست آن‌ها را نشان می‌دهد.
pricing-unknown-service = سرویس #{ $id } وجود ندارد.
pricing-too-long = خیلی طولانی است: حداکثر { $max } نویسه.

pricing-markup-title = 📈 <b>درصدهای سود</b>
pricing-markup-global-default = سراسری: <b>{ $percent } %</b> (DEFAULT_MARKUP_PERCENT، تا وقتی اینجا تنظیم نشده)
pricing-markup-global-set = سراسری: <b>{ $percent } %</b>
pricing-markup-no-categories = هنوز دسته‌بندی‌ای وجود ندارد.
pricing-markup-category = #{ $id } { $name }: <b>{ $percent } %</b>
pricing-markup-category-global = #{ $id } { $name }: سراسری
pricing-markup-more = …و { $count } دسته‌بندی دیگر.
pricing-markup-usage =
    <code>/markup 25</code> درصد سود سراسری را تعیین می‌کند.
    <code>/markup category 3 40</code> به دسته‌بندی #3 درصد سود جداگانه می‌دهد؛ <code>/markup category 3 off</code> آن را حذف می‌کند.
    اول درصد سود یا قیمت ثابت خود سرویس (<code>/service</code>) اعمال می‌شود، سپس درصد سود دسته‌بندی آن و در آخر درصد سود سراسری.

pricing-fx-title = 💱 <b>نرخ تبدیل ارز به { $shop }</b>
pricing-fx-none = قیمت همهٔ سرویس‌ها به { $shop } است: نیازی به نرخ تبدیل نیست.
pricing-fx-rate = 1 { $currency } = <b>{ $rate } { $shop }</b> · { $services ->
    [one] { $services } سرویس
   *[other] { $services } سرویس
}
pricing-fx-missing = { $currency }: <b>بدون نرخ</b> · { $services ->
    [one] { $services } سرویس پنهان
   *[other] { $services } سرویس پنهان
}
pricing-fx-usage =
    <code>/fx USD 92.5</code> تعیین می‌کند هر USD چند { $shop } ارزش دارد؛ سپس سرویس‌هایی که قیمتشان به USD است به فروش می‌روند.
    <code>/fx USD off</code> نرخ را حذف می‌کند: آن سرویس‌ها پنهان می‌شوند.
pricing-fx-shop-currency = { $currency } ارز فروشگاه است: نیازی به نرخ تبدیل ندارد.

pricing-service-usage =
    <code>/service 12</code> سرویس #12 را نشان می‌دهد. سپس:
    <code>/service 12 enable</code> یا <code>disable</code>
    <code>/service 12 name</code> نام جدید
    <code>/service 12 description</code> متن جدید
    <code>/service 12 price 1.50</code> — قیمت ثابت برای هر بسته (1000 یا 1 عدد)؛ <code>off</code> به درصد سود برمی‌گرداند
    <code>/service 12 markup 35</code> — درصد سود خود سرویس؛ <code>off</code> آن را حذف می‌کند
pricing-card-title = 🛠 <b>سرویس #{ $id }</b>: { $name }
pricing-card-provider-name = نام نزد ارائه‌دهنده: { $name }
pricing-card-category = دسته‌بندی: { $category } (#{ $id })
pricing-card-provider = ارائه‌دهنده: { $provider }، سرویس <code>{ $service }</code>
pricing-card-rate = نرخ ارائه‌دهنده: { $rate } / { $unit }
pricing-card-cost = هزینهٔ ما: { $cost } / { $unit }
pricing-card-price-fixed = قیمت ما: <b>{ $price }</b> / { $unit } (ثابت)
pricing-card-price-markup = قیمت ما: <b>{ $price }</b> / { $unit } (درصد سود { $percent } %، { $source })
pricing-source-service = مخصوص همین سرویس
pricing-source-category = مربوط به دسته‌بندی
pricing-source-global = سراسری
pricing-card-no-price = قیمت ما: ندارد — { $reason }
pricing-card-on-sale = وضعیت: ✅ در فروش
pricing-card-off = وضعیت: ⏸ غیرفعال
pricing-card-hidden = پنهان: { $reason }
pricing-card-commands =
    تغییر: <code>/service { $id } name …</code>، <code>description …</code>، <code>price &lt;amount|off&gt;</code>، <code>markup &lt;percent|off&gt;</code>
pricing-btn-disable = ⏸ غیرفعال کردن
pricing-btn-enable = ▶️ فعال کردن

# To admins, from a sync or a price change. $service is already escaped.
pricing-alert-below-cost =
    📉 <b>سرویس #{ $id } پنهان شد: زیر قیمت تمام‌شده</b>
    { $service } ({ $provider })
    هزینهٔ آن برای ما { $cost } به ازای هر { $unit } است، اما به { $price } فروخته می‌شود.
    قیمت آن را با <code>/service { $id } price &lt;amount&gt;</code> یا درصد سودش را تغییر دهید؛ وقتی سودآور شود دوباره به فروش می‌رود.

## ایراد واژه‌های پس از دستور مدیر؛ پس از آن راهنمای دستور می‌آید.
args-not-an-id = «{ $got }» عدد نیست: شماره‌ها عدد صحیح‌اند، مثلاً 17.
args-markup = سود فروش باید درصدی بیشتر از ‎-100 و حداکثر 10000 باشد، اما نوشته‌اید: { $got }.
args-not-a-currency = «{ $got }» کد ارز نیست: سه حرف آن را بنویسید، مثلاً USD.
args-rate = نرخ باید عددی بزرگ‌تر از صفر باشد، اما نوشته‌اید: { $got }.
args-amount = مبلغ به { $currency } باید عددی بزرگ‌تر از صفر باشد، اما نوشته‌اید: { $got }.
args-too-many = این بخش در انتهای دستور اضافه است: «{ $extra }».
args-unknown-setting = سرویس تنظیمی به نام «{ $got }» ندارد: یکی از enable، disable، name، description، price یا markup را بنویسید.
args-missing-id = شماره نوشته نشده است: <code>{ $example }</code>
args-missing-who = چه کسی؟ شناسهٔ عددی یا @username را بنویسید: <code>{ $example }</code>
args-missing-percent = سود فروش نوشته نشده است: <code>{ $example }</code>
args-missing-rate = نرخ نوشته نشده است: <code>{ $example }</code>
args-missing-amount = مبلغ نوشته نشده است: <code>{ $example }</code>
args-missing-text = متن جدید نوشته نشده است: <code>{ $example }</code>

## /promo: کدهای هدیه.
promo-admin-usage = <code>/promo new CODE credit 100</code> یا <code>/promo new CODE discount 10%</code>، و در صورت نیاز <code>uses N</code>، <code>until YYYY-MM-DD</code>، <code>new-customers-only</code> و (فقط برای تخفیف) <code>below-cost</code>؛ <code>/promo list</code>؛ <code>/promo off CODE</code>
promo-admin-missing-code = کد مشخص نشده است.
promo-admin-bad-code = «{ $word }» نمی‌تواند کد باشد: ۳ تا ۳۲ حرف لاتین، رقم، - یا _.
promo-admin-bad-kind = بعد از کد بنویسید <code>credit</code> یا <code>discount</code>{ $word ->
        [none] .
       *[other] ، نه «{ $word }».
    }
promo-admin-missing-value = مبلغ (credit) یا درصد (discount) مشخص نشده است.
promo-admin-bad-amount = «{ $word }» مبلغی بیشتر از صفر نیست.
promo-admin-bad-percent = «{ $word }» درصدی بین ۱ تا ۱۰۰ نیست.
promo-admin-missing-uses = بعد از <code>uses</code> بنویسید کد چند بار قابل استفاده است.
promo-admin-bad-uses = «{ $word }» تعداد استفادهٔ بیشتر از صفر نیست.
promo-admin-missing-date = بعد از <code>until</code> آخرین روز را به شکل YYYY-MM-DD بنویسید.
promo-admin-bad-date = «{ $word }» تاریخی به شکل YYYY-MM-DD نیست.
promo-admin-below-cost-on-credit = <code>below-cost</code> فقط برای کدهای تخفیف است.
promo-admin-repeated = «{ $word }» دو بار آمده است.
promo-admin-unknown-word = «{ $word }» از گزینه‌های کد نیست.
promo-admin-created = کد <code>{ $code }</code> ساخته شد.
promo-admin-exists = کد <code>{ $code }</code> از قبل وجود دارد.
promo-admin-off = کد <code>{ $code }</code> غیرفعال شد.
promo-admin-no-such-code = کد <code>{ $code }</code> وجود ندارد.
promo-admin-list-empty = هنوز هیچ کدی ساخته نشده است.
promo-admin-list-title = <b>کدهای هدیه</b> (تعداد استفاده، هزینه تا کنون):
promo-admin-list-line = <code>{ $code }</code> { $reward } · { $uses } · { $cost } { $notes }
promo-admin-note-off = غیرفعال
promo-admin-note-until = تا { $date }
promo-admin-note-new-only = فقط مشتریان جدید
promo-admin-note-below-cost = فروش زیر قیمت تمام‌شده مجاز
command-promo = کدهای هدیه: ساخت، فهرست، غیرفعال‌سازی
admin-help-example-promo = /promo new SPRING discount 10% uses 100
