## Admin: users, orders, broadcast, maintenance; banned customers.

# To customers.
mod-banned = ⛔ You can no longer use this shop.{ $support_via ->
    [both] {" "}If you think this is a mistake, write to { $support_contact }.
    [contact] {" "}If you think this is a mistake, write to { $support_contact }.
   *[other] {""}
}
mod-closed = 🛠 The shop is closed for maintenance right now. Please come back a little later.
mod-debit-received = 💸 { $amount } was taken from your balance: { $reason }. Balance: { $balance }.

# A statement line; the balance screen names it after the ledger kind, hence no `mod-` prefix.
ledger-admin_debit = correction

# /user
mod-user-usage = Usage: /user &lt;id or @username&gt;
mod-user-not-found = Nobody called { $who } has started the bot.
mod-profile =
    👤 <b>{ $name }</b> { $username } · id <code>{ $id }</code>
    Language: { $language } · since { $since } · last seen { $seen }
    Balance: <b>{ $balance }</b>
mod-profile-no-username = (no username)
mod-profile-admin = 🛡 An admin.
mod-profile-banned = ⛔ Banned since { $time }.
mod-profile-blocked = 🚫 Blocked the bot on { $time }.
mod-profile-orders = { $count ->
    [0] No orders yet.
    [one] <b>{ $count } order</b>, the latest:
   *[other] <b>{ $count } orders</b>, the latest:
}
mod-profile-ledger = <b>Recent transactions</b>:
mod-profile-no-ledger = No transactions yet.
mod-btn-credit = ➕ Credit
mod-btn-debit = ➖ Debit
mod-btn-ban = ⛔ Ban
mod-btn-unban = ✅ Unban
mod-btn-refresh = 🔄 Refresh
mod-ban-done = ⛔ User { $user } is banned: they get one short answer, then silence.
mod-unban-done = ✅ User { $user } is no longer banned.
mod-ban-admin = Admins cannot be banned: take them out of ADMIN_IDS first.

# Credit and debit from a profile.
mod-credit-ask = ➕ How much to add to the balance of { $name } (id { $user }, balance { $balance }), and why? Send the amount and the reason, e.g. <code>5 bonus for the contest</code>.
mod-debit-ask = ➖ How much to take from the balance of { $name } (id { $user }, balance { $balance }), and why? Send the amount and the reason, e.g. <code>5 paid back by card</code>.
mod-change-invalid = Send the amount in { $currency }, above zero, and then the reason, e.g. <code>5 bonus for the contest</code>.
mod-credited = ✅ { $amount } added to the balance of user { $user } ({ $reason }). Balance: { $balance }.
mod-debited = ✅ { $amount } taken from the balance of user { $user } ({ $reason }). Balance: { $balance }.
mod-debit-short = The balance is { $balance }: { $amount } cannot be taken. Send a smaller amount, or /cancel.
mod-change-duplicate = This message was carried out already: nothing changed twice.

# /order
mod-order-usage = Usage: /order &lt;order id&gt;
mod-order-not-found = There is no order #{ $id }.
mod-order =
    📦 <b>Order #{ $id }</b> · { $state }
    Customer: { $customer } · id <code>{ $user }</code>
    Service: { $service } (#{ $service_id })
    Link: { $link }
    Quantity: { $quantity } · charge: { $charge } · refunded: { $refunded }
    Supplier: { $provider } · their service { $provider_service } · their order { $provider_order }
    Created { $created } · changed { $updated }
mod-order-error = Problem: { $error }
mod-order-answer =
    <b>The supplier's last answer</b> ({ $time }):
    status “{ $status }” · remains { $remains } · start count { $start } · charge { $charge }
mod-order-no-answer = The supplier has not answered about this order yet.
mod-order-events = <b>Changes</b>, the latest:
mod-order-event = { $time } · { $state } · “{ $status }” · remains { $remains }
mod-btn-refund-all = ↩️ Refund all { $amount }
mod-btn-refund-part = ↩️ Partial refund
mod-btn-customer = 👤 Customer
mod-refund-ask = ↩️ How much of order #{ $id } to refund, at most { $charge }? Send the amount, and a reason if you like, e.g. <code>0.50 half was not delivered</code>. An admin refunds an order once; should it be canceled later, the shop returns only what is still due.
mod-refund-invalid = Send an amount above zero and at most { $charge }, e.g. <code>0.50</code>.
mod-refunded = ↩️ { $amount } of order #{ $id } went back to user { $user }, who is told.
mod-refund-again = Order #{ $id } has had a refund already ({ $amount } in all). An admin refunds an order once, and never more than its charge: nothing changed.
mod-refund-not-settled = Order #{ $id } is { $state }: it cannot be refunded until that is settled.

# /broadcast
mod-broadcast-usage = Reply <code>/broadcast</code> to the message you want to send to every customer.
mod-broadcast-nobody = There is no customer to send it to.
mod-broadcast-confirm = { $count ->
    [one] 📣 Send the message you replied to to <b>{ $count } customer</b>?
   *[other] 📣 Send the message you replied to to <b>{ $count } customers</b>?
}
    Customers who blocked the bot or are banned are left out.
mod-btn-broadcast-send = 📣 Send
mod-broadcast-started = { $count ->
    [one] 📣 Broadcast #{ $id } to { $count } customer is starting…
   *[other] 📣 Broadcast #{ $id } to { $count } customers is starting…
}
mod-broadcast-progress = 📣 Broadcast #{ $id }: { $done } of { $recipients } done.
mod-broadcast-paused = ⏸ Paused for { $seconds } s: Telegram asked us to slow down, or could not be reached. Sending goes on by itself.
mod-broadcast-finished = ✅ Broadcast #{ $id } finished: { $sent } of { $recipients } delivered.
mod-broadcast-aborted = ⛔ Broadcast #{ $id } stopped: its message was deleted. Not sent: { $waiting }.
mod-broadcast-counts = Sent: { $sent } · blocked the bot: { $blocked } · failed: { $failed } · not confirmed: { $unknown }
mod-broadcast-canceled = ✖️ Broadcast #{ $id } dropped: nothing was sent.
mod-broadcast-already = Broadcast #{ $id } was started already.
mod-broadcast-dropped-already = Broadcast #{ $id } was dropped.
mod-broadcast-gone = There is no broadcast #{ $id }.

# /maintenance
mod-maintenance-usage = Usage: /maintenance on|off
mod-maintenance-on = 🛠 Maintenance is on: customers are told the shop is closed; admins keep working. /maintenance off opens it again.
mod-maintenance-off = ✅ Maintenance is off: the shop is open.
mod-maintenance-is-on = 🛠 Maintenance is on: customers are told the shop is closed.
mod-maintenance-is-off = ✅ The shop is open (maintenance is off).

# Required channel (REQUIRED_CHANNEL)
channel-join = 📢 To use the shop, please join our channel first, then tap “I joined”.
channel-btn-join = 📢 Join the channel
channel-btn-joined = ✅ I joined
channel-not-yet = You are not in the channel yet. Join it, then tap “I joined” again.

## The panel API as admins see it (issue 16): resellers on a customer's profile (who may use
## the API, at what markup), and orders placed through it.
mod-profile-not-reseller = Reseller: no
mod-profile-reseller = Reseller: yes, at the shop's prices
mod-profile-reseller-markup = Reseller: yes, markup { $percent } %
mod-btn-reseller-on = 🤝 Make a reseller
mod-btn-reseller-off = 🤝 No longer a reseller
mod-btn-reseller-markup = 💹 Reseller markup
mod-reseller-on = 🤝 User { $user } is now a reseller.
mod-reseller-off = 🤝 User { $user } is no longer a reseller.
mod-reseller-markup-ask = 💹 What markup over our cost should user { $user } pay for orders through the API? Send a percent such as <code>10</code>, or <code>-</code> for the shop's usual prices. Where the markup would sell below cost, the usual price stands.
mod-reseller-markup-invalid = Send a percent such as <code>10</code> or <code>12.5</code> (at most 10000), or <code>-</code> for the shop's usual prices.
mod-reseller-markup-set = 💹 User { $user } now buys through the API at a { $percent } % markup.
mod-reseller-markup-cleared = 💹 User { $user } now buys through the API at the shop's usual prices.
mod-order-through-api = 🔌 Placed through the API.
mod-order-through-webapp = 🛍 Placed from the Mini App.
