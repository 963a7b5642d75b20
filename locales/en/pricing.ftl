## Pricing admin: services, markups, exchange rates, the loss guard.

pricing-saved = ✅ Saved, and prices updated: { $on_sale } on sale, { $hidden } hidden.
pricing-saved-below-cost = ⚠️ { $count ->
    [one] One service
   *[other] { $count } services
} would sell below cost and { $count ->
    [one] was
   *[other] were
} hidden.
pricing-unknown-category = There is no category #{ $id }. /markup lists them.
pricing-unknown-service = There is no service #{ $id }.
pricing-too-long = That is too long: at most { $max } characters.

pricing-markup-title = 📈 <b>Markups</b>
pricing-markup-global-default = Global: <b>{ $percent } %</b> (DEFAULT_MARKUP_PERCENT, until set here)
pricing-markup-global-set = Global: <b>{ $percent } %</b>
pricing-markup-no-categories = No categories yet.
pricing-markup-category = #{ $id } { $name }: <b>{ $percent } %</b>
pricing-markup-category-global = #{ $id } { $name }: global
pricing-markup-more = …and { $count } more categories.
pricing-markup-usage =
    <code>/markup 25</code> sets the global markup in percent.
    <code>/markup category 3 40</code> gives category #3 its own; <code>/markup category 3 off</code> clears it.
    A service's own markup or fixed price (<code>/service</code>) comes first, then its category's, then the global one.

pricing-fx-title = 💱 <b>Exchange rates to { $shop }</b>
pricing-fx-none = Every service is priced in { $shop }: no rates are needed.
pricing-fx-rate = 1 { $currency } = <b>{ $rate } { $shop }</b> · { $services ->
    [one] { $services } service
   *[other] { $services } services
}
pricing-fx-missing = { $currency }: <b>no rate</b> · { $services ->
    [one] { $services } service hidden
   *[other] { $services } services hidden
}
pricing-fx-usage =
    <code>/fx USD 92.5</code> sets how many { $shop } one USD is worth; services priced in USD then go on sale.
    <code>/fx USD off</code> removes the rate: those services are hidden.
pricing-fx-shop-currency = { $currency } is the shop currency: it needs no exchange rate.

pricing-service-usage =
    <code>/service 12</code> shows service #12. Then:
    <code>/service 12 enable</code> or <code>disable</code>
    <code>/service 12 name</code> new name
    <code>/service 12 description</code> new text
    <code>/service 12 price 1.50</code> — a fixed price per pack (1000 or 1 items); <code>off</code> returns to the markup
    <code>/service 12 markup 35</code> — its own markup in percent; <code>off</code> clears it
pricing-card-title = 🛠 <b>Service #{ $id }</b>: { $name }
pricing-card-provider-name = Provider's name: { $name }
pricing-card-category = Category: { $category } (#{ $id })
pricing-card-provider = Provider: { $provider }, service <code>{ $service }</code>
pricing-card-rate = Provider's rate: { $rate } / { $unit }
pricing-card-cost = Costs us: { $cost } / { $unit }
pricing-card-price-fixed = Our price: <b>{ $price }</b> / { $unit } (fixed)
pricing-card-price-markup = Our price: <b>{ $price }</b> / { $unit } (markup { $percent } %, { $source })
pricing-source-service = this service's own
pricing-source-category = the category's
pricing-source-global = global
pricing-card-no-price = Our price: none — { $reason }
pricing-card-on-sale = Status: ✅ on sale
pricing-card-off = Status: ⏸ switched off
pricing-card-hidden = Hidden: { $reason }
pricing-card-commands =
    Change: <code>/service { $id } name …</code>, <code>description …</code>, <code>price &lt;amount|off&gt;</code>, <code>markup &lt;percent|off&gt;</code>
pricing-btn-disable = ⏸ Disable
pricing-btn-enable = ▶️ Enable

# To admins, from a sync or a price change. $service is already escaped.
pricing-alert-below-cost =
    📉 <b>Service #{ $id } hidden: below cost</b>
    { $service } ({ $provider })
    It costs us { $cost } per { $unit } but sells at { $price }.
    Change its price with <code>/service { $id } price &lt;amount&gt;</code> or its markup; it goes back on sale when it pays.

## What was wrong with the words after an admin command; the command's usage follows.
args-not-an-id = “{ $got }” is not a number: ids are whole numbers, such as 17.
args-markup = The markup must be a percentage above -100 and at most 10 000: got { $got }.
args-not-a-currency = “{ $got }” is not a currency code: use its three letters, such as USD.
args-rate = The rate must be a number above 0: got { $got }.
args-amount = The amount must be a number above 0 in { $currency }: got { $got }.
args-too-many = This is more than the command takes: “{ $extra }”.
args-unknown-setting = A service has no setting “{ $got }”: use enable, disable, name, description, price or markup.
args-missing-id = The number is missing: <code>{ $example }</code>
args-missing-who = Whom? Give a user id or @username: <code>{ $example }</code>
args-missing-percent = The markup is missing: <code>{ $example }</code>
args-missing-rate = The rate is missing: <code>{ $example }</code>
args-missing-amount = The amount is missing: <code>{ $example }</code>
args-missing-text = The new text is missing: <code>{ $example }</code>

## /promo: promo codes.
promo-admin-usage = <code>/promo new CODE credit 100</code> or <code>/promo new CODE discount 10%</code>, optionally followed by <code>uses N</code>, <code>until YYYY-MM-DD</code>, <code>new-customers-only</code> and (discounts only) <code>below-cost</code>; <code>/promo list</code>; <code>/promo off CODE</code>
promo-admin-missing-code = The code is missing.
promo-admin-bad-code = «{ $word }» cannot be a code: 3 to 32 Latin letters, digits, - or _.
promo-admin-bad-kind = After the code say <code>credit</code> or <code>discount</code>{ $word ->
        [none] .
       *[other] , not «{ $word }».
    }
promo-admin-missing-value = The amount (credit) or the percent (discount) is missing.
promo-admin-bad-amount = «{ $word }» is not an amount above zero.
promo-admin-bad-percent = «{ $word }» is not a percent from 1 to 100.
promo-admin-missing-uses = After <code>uses</code> give how many times the code can be used.
promo-admin-bad-uses = «{ $word }» is not a number of uses above zero.
promo-admin-missing-date = After <code>until</code> give the last day, YYYY-MM-DD.
promo-admin-bad-date = «{ $word }» is not a date written as YYYY-MM-DD.
promo-admin-below-cost-on-credit = <code>below-cost</code> is only for discount codes.
promo-admin-repeated = «{ $word }» is given twice.
promo-admin-unknown-word = «{ $word }» is not an option of a code.
promo-admin-created = Code <code>{ $code }</code> created.
promo-admin-exists = A code <code>{ $code }</code> exists already.
promo-admin-off = Code <code>{ $code }</code> switched off.
promo-admin-no-such-code = There is no code <code>{ $code }</code>.
promo-admin-list-empty = No promo codes yet.
promo-admin-list-title = <b>Promo codes</b> (uses, cost so far):
promo-admin-list-line = <code>{ $code }</code> { $reward } · { $uses } · { $cost } { $notes }
promo-admin-note-off = off
promo-admin-note-until = until { $date }
promo-admin-note-new-only = new customers only
promo-admin-note-below-cost = may sell below cost
command-promo = Promo codes: create, list, switch off
admin-help-example-promo = /promo new SPRING discount 10% uses 100
