## Admin: statistics, providers, catalogue sync.

admin-stats-title = 📊 <b>Statistics</b> · { $users ->
        [one] { $users } user
       *[other] { $users } users
    } in total · days in UTC
admin-stats-today = <b>Today</b>
admin-stats-last-days = <b>Last { $days } days</b>
admin-stats-users = 👥 Users: { $new } new, { $active } active
admin-stats-row-orders = Orders
admin-stats-row-revenue = Revenue
admin-stats-row-cost = Provider cost
admin-stats-row-profit = Profit
admin-stats-row-stars = Paid in Stars
admin-stats-row-crypto = Paid in crypto
admin-stats-row-admin = Added by admins
admin-stats-not-known = not known
admin-stats-cost-note = * { $unknown ->
        [one] One order has
       *[other] { $unknown } orders have
    } no known cost yet: cost and profit count the others.
admin-stats-top = 🏆 <b>Top services, last { $days } days</b>
admin-stats-top-line = { $rank }. { $service }: { $orders ->
        [one] { $orders } order
       *[other] { $orders } orders
    }, { $revenue }
admin-stats-top-empty = No orders yet.
admin-stats-chart-caption = Orders, revenue, cost and profit per day, last { $days } days (UTC)
admin-chart-orders = Orders per day
admin-chart-money = Money per day, { $currency }
admin-chart-revenue = Revenue
admin-chart-cost = Provider cost
admin-chart-profit = Profit

admin-providers-title = 🔌 <b>Providers</b>
admin-provider-balance = 💳 Balance: { $balance }
admin-provider-balance-watched = 💳 Balance: { $balance } (alert under { $threshold })
admin-provider-balance-low = 💳 Balance: { $balance } ⚠️ under { $threshold }
admin-provider-balance-failed = 💳 Balance: not available ({ $error })
admin-provider-services = 🗂 Services on sale: { $on_sale } of { $listed }
admin-provider-last-success = ✅ Last good answer: { $at }
admin-provider-no-success = ✅ No good answer yet
admin-provider-last-error = ❌ Last error: { $at }, { $error }
admin-provider-no-error = ❌ No errors
admin-provider-error-rate = 📉 Failed orders, last { $days } days: { $failed } of { $orders } ({ $percent }%)
admin-provider-error-rate-none = 📉 No orders in the last { $days } days
admin-provider-failing = ⚠️ { $failures ->
        [one] { $failures } failed call
       *[other] { $failures } failed calls
    } in a row
admin-low-balance-alert = ⚠️ The balance at provider <b>{ $provider }</b> is { $balance }, under the alert level of { $threshold }. Top it up so that orders keep going through.

admin-sync-running = 🔄 <b>{ $provider }</b>: syncing the catalogue…
admin-sync-done = ✅ <b>{ $provider }</b>: synced, { $on_sale } on sale
admin-sync-failed = ❌ <b>{ $provider }</b>: the sync failed ({ $error }); the previous catalogue stays on sale
admin-sync-summary = 🗂 <b>Catalogue sync finished</b>
admin-sync-summary-line = <b>{ $provider }</b>: { $added } added, { $removed } removed, { $repriced ->
        [one] { $repriced } price change
       *[other] { $repriced } price changes
    }
admin-sync-summary-failed = <b>{ $provider }</b>: failed, nothing changed

## The admin commands in Telegram's command menu: a few words each.
command-credit = Add to or take from a balance
command-stats = Sales, costs and profit, charted
command-user = Find a customer
command-order = Find an order
command-providers = Providers: balances and health
command-sync = Refresh the catalogue now
command-service = See or change a service
command-markup = See or set the markup
command-fx = Exchange rates
command-broadcast = Send a message to every customer
command-maintenance = Maintenance mode on or off
command-starsrefund = Refund a Stars payment
command-tickets = Open support requests

## /help for admins: every admin command, what it does (command-<name>) and an example.
admin-help-title = 🛠 <b>Admin commands</b>
admin-help-line = <b>{ $command }</b> — { $what }: <code>{ $example }</code>
admin-help-example-credit = /credit 123456789 5 contest prize
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

## /broadcast without a reply: the message is asked for, then shown as customers will get it.
admin-broadcast-ask = 📣 Send me the message for every customer: text, or a photo with a caption. Before anything is sent, you will see it as they will. /cancel stops here.
admin-broadcast-preview-confirm = { $count ->
        [one] 📣 Above is the message as customers will get it. Send it to <b>{ $count } customer</b>?
       *[other] 📣 Above is the message as customers will get it. Send it to <b>{ $count } customers</b>?
    }

## /order: a problem the order has moved past, shown under its history.
admin-order-past-error = Earlier problem: { $error }

## Demo top-up, for customers: only while the built-in sandbox is the shop's only source.
topup-btn-demo = 🧪 Demo top-up: +{ $amount }
topup-demo-note = 🧪 This is a demo shop: orders are simulated and nothing is delivered. Try it with demo money, no payment needed.
topup-demo-done = 🧪 { $amount } of demo money is on your balance, which is now { $balance }. Orders here are simulated, so try anything.
topup-demo-unavailable = This shop has no demo money.
ledger-demo_topup = demo money

## Referrals (issue 15)
referral-admin-unrecovered = ⚠️ Referral commission that could not be taken back (the referrer's balance was short): { $amount }. It stays recorded.
referral-admin-user = Referrer: { $referrer } · brought: { $joined } { $referees } · earned: { $earned }
referral-admin-nobody = none
referral-admin-stats = Referral payouts: { $paid } (not taken back after refunds: { $unrecovered })

## Admin alert digests (issue 18): the alerts of one kind that came within a minute, as one message.
notice-digest-unknown-outcome = ⚠️ <b>Orders with an unknown outcome: { $count }</b>. The customers' money is held until you settle each one.
notice-digest-unknown-status = ❓ <b>Orders with a status we do not know: { $count }</b>. They keep their state and are still checked.
notice-digest-attention = 🔔 <b>Orders that need attention: { $count }</b>
notice-digest-below-cost = 📉 <b>Services hidden because they would sell below cost: { $count }</b>
notice-digest-payment-not-credited = 💳 <b>Stars payments not credited yet: { $count }</b>. They are retried every round.
notice-digest-crypto-attention = ⚠️ <b>Crypto Pay payments that do not match their invoice: { $count }</b>. Nothing was credited for them.
notice-digest-audit = 🧾 <b>Problems the money audit found: { $count }</b>. Run <code>smmbot audit</code> on the server for the full list.
notice-digest-low-balance = 💰 <b>Provider balances below their warning level: { $count }</b>
notice-digest-more = …and { $count } more.
notice-digest-btn-refund = ↩️ #{ $id }: refund
notice-digest-btn-placed = ✅ #{ $id }: it was placed
