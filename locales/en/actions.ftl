## Actions on a placed order: refresh, refill, cancel; admin resolution.
## Texts use Telegram HTML; variables that carry customer or provider text arrive escaped.

action-btn-refresh = 🔄 Refresh
action-btn-refill = ♻️ Refill
action-btn-cancel = 🛑 Cancel order

action-refunded = Refunded: <b>{ $amount }</b>
action-checked-at = Last checked: { $time }
action-refill-running = ♻️ A refill is in progress.
action-cancel-pending = 🛑 Cancellation requested: waiting for confirmation.

action-refreshed = 🔄 Status checked just now.
action-just-checked = 🔄 This order was checked a few seconds ago: this is the latest.
action-no-news = 🔄 Nothing new about this order yet. Its latest status is below.
action-refresh-failed = ⚠️ Could not check the order right now: { $reason }. Its latest known status is below.
action-refresh-skipped = ℹ️ Nothing to check: { $reason }.
action-refill-requested = ♻️ Refill requested. We will let you know when it is done.
action-refill-refused = ❌ No refill was requested: { $reason }. Nothing changed.
action-cancel-requested = 🛑 Cancellation requested. If the order is canceled, the undelivered part goes back to your balance automatically, and we will let you know.
action-cancel-refused = ❌ The order was not canceled: { $reason }. It goes on as before.

action-why-no-such-order = there is no such order
action-why-not-placed = the order has not gone into work yet
action-why-finished = the order is already finished
action-why-not-completed = a refill is possible once the order is completed
action-why-not-supported = this service does not offer it
action-why-refill-running = a refill of this order is already in progress
action-why-cancel-requested = cancellation was already requested
action-why-unknown-to-provider = the order could not be found in work
action-why-refused = the request was not accepted
action-why-unreachable = the order cannot be checked right now, please try again in a few minutes

action-ask-provider-id =
    Send the supplier's order id for order #{ $id }, as its panel shows it.
    From then on the order is followed like any other.
action-provider-id-invalid = That is not an order id: send it as one word without commas, up to 64 characters.
action-settled-placed = ✅ Order #{ $id } is recorded as placed with supplier order { $provider_id }. Its status is followed from now on and the customer is told.
action-settled-refund = ↩️ Order #{ $id } is refunded: { $amount } went back to user { $user }, who is told.
action-already-settled = Order #{ $id } was already settled (now: { $state }). Nothing changed.
action-no-such-order = There is no order #{ $id }.
action-provider-id-taken = That supplier order id already belongs to order #{ $holder }. Nothing changed: check the id and send it again, or tap Menu.

cancelled-step = Canceled.
