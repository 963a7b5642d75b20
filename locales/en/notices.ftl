## Order updates and admin alerts sent by the notifier.

# To customers. $service is already escaped; a progress bar and the lines below may follow.
notice-order-started =
    ▶️ Your order <b>#{ $id }</b> has started.
    { $service }
notice-order-progress =
    ⏳ Your order <b>#{ $id }</b> is on its way.
    { $service }
notice-order-completed =
    ✅ Your order <b>#{ $id }</b> is complete.
    { $service }
notice-order-partial =
    ⚠️ Your order <b>#{ $id }</b> was only partly delivered.
    { $service }
notice-order-canceled =
    ❌ Your order <b>#{ $id }</b> was canceled.
    { $service }
notice-order-refunded =
    ↩️ Your order <b>#{ $id }</b> was refunded.
    { $service }
notice-order-failed =
    ❌ Your order <b>#{ $id }</b> could not be done.
    { $service }
notice-order-changed =
    📦 Your order <b>#{ $id }</b> is now: <b>{ $state }</b>.
    { $service }
notice-delivered = Delivered: { $delivered } of { $quantity }.
notice-refunded = 💰 { $amount } has been returned to your balance.
notice-refund-pending = 💰 The refund for the undelivered part is being worked out; it will reach your balance soon.
notice-refill-done =
    🔁 The refill of your order <b>#{ $id }</b> is done.
    { $service }
notice-refill-failed =
    🔁 The refill of your order <b>#{ $id }</b> could not be done. You can ask for it again later.
    { $service }
# Under progress notices, and on the balance screen: progress notices (the start and the
# milestones) on or off. The end of an order and anything about money always come.
notice-btn-mute-progress = 🔕 Mute progress updates
notice-btn-unmute-progress = 🔔 Unmute progress updates

# To admins.
notice-admin-unknown-outcome =
    ⚠️ <b>Order #{ $id }: outcome unknown</b>
    We do not know whether { $provider } created this order. The customer's { $charge } is held.
    Why: { $reason }

    Customer: <code>{ $customer }</code>
    Service: { $service }
    Link: { $link }
    Quantity: { $quantity }

    Check the order in the provider's panel, then settle it here.
notice-btn-resolve-refund = ↩️ Not placed: refund the customer
notice-btn-resolve-placed = ✅ It was placed
notice-admin-unknown-status =
    ❓ <b>Order #{ $id }</b>: { $provider } reports a status we do not know: <code>{ $status }</code>
    The order keeps its state and is still being checked. Look at it in the provider's panel.
notice-admin-attention =
    🔔 <b>Order #{ $id }</b> ({ $provider }) needs attention:
    { $problem }
notice-admin-audit =
    🧾 <b>The money audit</b> found a problem: { $finding }
    Run <code>smmbot audit</code> on the server for the full list.
notice-admin-payment-not-credited =
    💳 Stars payment <code>{ $charge }</code> of user { $user } is recorded, but crediting it failed: { $error }
    It is retried every round; the customer is told when it lands.
