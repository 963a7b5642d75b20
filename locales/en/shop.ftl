## English. Every key here must exist in every other locale (a test checks it).
## Texts use Telegram HTML; variables that carry customer or provider text arrive escaped.

command-start = Open the shop
command-help = How it works
command-cancel = Cancel the current step

btn-menu = 🏠 Menu
btn-new-order = 🛒 New order
btn-search = 🔎 Search
btn-search-again = 🔎 Search again
btn-my-orders = 📦 My orders
btn-balance = 💰 Balance
btn-language = 🌐 Language
btn-help = ❓ Help
btn-back = ⬅️ Back
btn-cancel = ✖️ Cancel
btn-order = 🛒 Order
btn-confirm = ✅ Confirm and pay
btn-order-details = 📄 Order details
btn-order-again = 🔁 Order again

menu-text =
    👋 Hello, { $name }!
    Your balance: <b>{ $balance }</b>

    Choose what you would like to do:
help-text =
    <b>How it works</b>
    1. Tap “New order”, pick a category and a service.
    2. Send the link (a channel, a post, or your referral link).
    3. Send the quantity and check the total.
    4. Confirm: the order is paid from your balance and sent at once.

    You can follow every order in “My orders”. /cancel leaves any step, /start opens the menu.
language-text = Choose your language:
cancelled = Canceled. Nothing was ordered.
unknown-command = I do not know that command. /start opens the menu, /help explains how ordering works.
use-buttons = Please use the buttons below.
stale-button = This button is no longer active. Please use the latest message.
sandbox-notice = ⚠️ No provider is configured: the shop runs on the built-in sandbox. Orders are simulated and nothing is delivered.

price-per-unit = { $price } / { $unit }
price-per-item = { $kind ->
        [comments] { $price } per comment
       *[other] { $price } each
    }
catalogue-empty = Nothing is on sale right now. Please come back a little later.
categories-text = 🛒 <b>New order</b>
    Choose a category:
services-text = <b>{ $category }</b>
    Choose a service (price per quantity shown):
services-empty = There is nothing on sale in <b>{ $category }</b> right now.
search-prompt = 🔎 Send a word for the service you need, for example “views” or “Notpixel”.
search-results = 🔎 Found for “{ $query }”:
search-nothing = 🔎 Nothing found for “{ $query }”. Try another word.
service-card =
    <b>{ $name }</b>
    <i>{ $category }</i>
    { $description }
    Price: <b>{ $price }</b>
    Minimum: { $min }, maximum: { $max }
service-unavailable = This service is not on sale any more. Please choose another one.

ask-link-any = Send the link for “{ $service }” (a full address starting with https://).
ask-link-telegram = Send the link to the Telegram channel, group or post for “{ $service }”, for example https://t.me/yourchannel or @yourchannel.
ask-link-referral = Send your referral link for { $bot } to order “{ $service }”. It must contain the start parameter, for example https://t.me/bot/app?startapp=yourcode.
link-not-url = That does not look like a link. Please send a full address, for example https://t.me/yourchannel.
link-not-telegram = This service needs a Telegram link (t.me/… or @name).
link-no-start = This is not a referral link: it has no start parameter (?startapp=… or ?start=…). Open the mini-app, copy your invite link and send it here.
link-wrong-bot = This referral link leads into another bot. This service works only with links into { $bot }.

ask-quantity =
    How many? Send a number from { $min } to { $max }.
    Price: { $price }
quantity-not-number = Please send the quantity as digits only, from { $min } to { $max }.
quantity-below-min = That is below the minimum. The smallest order is { $min }.
quantity-above-max = That is above the maximum. The largest order is { $max }.

confirm-text =
    <b>Please check your order</b>
    Service: { $service }
    Link: { $link }
    Quantity: { $quantity }{ $details }
    Total: <b>{ $total }</b>
confirm-balance =
    Your balance: { $balance }
    Balance after the order: { $after }
confirm-short =
    Your balance: { $balance }
    ⚠️ Not enough for this order: <b>{ $missing }</b> is missing.
confirm-short-stars = Pay the invoice below ({ $stars ->
        [one] { $stars } star
       *[other] { $stars } stars
    }) and the order is placed by itself, at this price. It waits for your payment for { $hours } hours.
confirm-short-or-crypto = You can also pay with crypto: use the button below.
confirm-short-topup = Top up at least the missing amount with a button below and the order is placed by itself, at this price. It waits for your payment for { $hours } hours.
confirm-short-stars-too-many = One payment in Stars can be at most { $max } stars, which is not enough for this order.
confirm-short-no-topup = Top-ups are not available in this shop yet.{ $support_via ->
    [none] {""}
   *[other] {" "}{ support-for-top-up }
}
btn-pay-stars = ⭐ Pay { $stars ->
        [one] { $stars } star
       *[other] { $stars } stars
    }
purchase-still-short = ⏳ Your order is still waiting: <b>{ $missing }</b> more is needed. Top up the rest and it is placed by itself.

order-placed =
    ✅ Order <b>#{ $id }</b> is placed and on its way.
    Your balance: { $balance }
    Follow it in “My orders”.
order-rejected =
    ❌ Order #{ $id } was not accepted: { $reason }
    { $refunded } went back to your balance.
order-unconfirmed =
    ⏳ Order #{ $id } is being checked: its confirmation is taking longer than usual.
    Your payment is reserved — it isn't lost and won't be charged twice. We'll check and let you know.
order-insufficient = Not enough money on your balance: { $missing } is missing. Nothing was charged.
order-already-placed = This order was already placed as #{ $id }. Nothing was charged twice.
order-price-changed = The price changed while you were deciding: the total is now { $total }. Nothing was charged; please start the order again.
order-again-limits = This service now takes { $min } to { $max } at a time, so { $quantity } cannot be ordered again as it was. Start a new order with a quantity that fits.
reason-link = this link could not be used. Please check it is public and correct.
reason-quantity = this quantity cannot be ordered for this link right now.
reason-duplicate = an order for this link is still running. Please wait until it completes.
reason-busy = orders cannot be taken right now. Please try again in a few minutes.
reason-unavailable = the service is temporarily unavailable. Please try again later or choose another one.

orders-empty = You have no orders yet.
orders-text = 📦 <b>My orders</b> ({ $count ->
        [one] { $count } order
       *[other] { $count } orders
    }), newest first:
order-details =
    📄 <b>Order #{ $id }</b>
    Service: { $service }
    Link: { $link }
    Quantity: { $quantity }{ $details }
    Paid: { $charge }
    Status: <b>{ $state }</b>{ $progress }
    Created: { $created }
state-submitting = sending
state-placed = placed
state-rejected = rejected, refunded
state-unknown_outcome = being checked
state-pending = waiting to start
state-in_progress = in progress
state-completed = completed
state-partial = partially completed
state-canceled = canceled
state-refunded = refunded
state-failed = failed

balance-text = 💰 Your balance: <b>{ $balance }</b>
    Latest movements:
balance-no-movements = none yet.
balance-topup-hint = { $support_via ->
    [none] Top-ups are not available in this shop yet.
   *[other] { support-for-top-up }
}
ledger-admin_credit = top-up
ledger-order_charge = order #{ $reference }
ledger-order_refund = refund for order #{ $reference }

credit-usage = Usage: /credit &lt;user_id&gt; &lt;amount&gt; [reason]
credit-done = Credited { $amount } to user { $user }. Their balance: { $balance }.
credit-unknown-user = User { $user } has not started the bot yet: nothing was credited.
credit-duplicate = This command was already carried out: nothing was credited twice.
credit-received = 💰 Your balance was topped up by { $amount }. Balance: { $balance }.

btn-all-at-once = ⚡ All at once
ask-comments =
    Send the comments, one per line: each line becomes one comment.
    From { $min } to { $max } lines.
comments-too-few = Too few comments: send at least { $min } lines, one comment per line.
comments-too-many = Too many comments: at most { $max } lines.
comments-too-long = Comment on line { $line } is too long. Please shorten it.
ask-poll-answer = Which answer should get the votes? Send its number as it stands in the poll (1 for the first answer).
poll-answer-invalid = Please send the answer's number, from 1 to { $max }.
ask-dripfeed =
    All at once: { $quantity } for { $price }.
    Or in runs: every run delivers { $quantity } and is paid for. Send the number of runs and the minutes between them, for example “{ $runs } { $interval }”: { $runs } runs every { $interval } minutes = { $total } in all for { $total_price }.
dripfeed-invalid = Please send two numbers: runs (2 to 100) and minutes between them (1 to 1440), for example “5 30”. Or tap “All at once”.
order-comments = Comments: { $count }
order-poll-answer = Poll answer: №{ $answer }
order-dripfeed = Drip-feed: { $runs } runs × { $quantity }, every { $interval } min ({ $total } in all)
confirm-subscribers = The channel has { $count } subscribers now.

## Referrals (issue 15)
btn-invite = 👥 Invite friends
referral-screen =
    👥 <b>Invite friends</b>

    Share your personal link. When someone starts the shop through it, you get { $percent }% of what they pay for every order they complete, straight to your balance.

    { $link }

    Joined through your link: { $joined }
    Earned so far: { $earned }
referral-off = The invitation program isn't running right now.
referral-earned =
    🎁 { $level ->
        [1] A friend you invited
       *[other] Someone your friend invited
    } finished an order: { $amount } added to your balance.
    Balance: { $balance }
ledger-referral_commission = bonus for an invited friend's order
ledger-referral_reversal = invitation bonus taken back after a refund

## The "API" screen under the balance: a customer's key to the shop's panel API (issue 16).
api-btn = 🔌 API
api-text =
    🔌 <b>API for resellers</b>
    Sell our services from your own panel or bot. The API works like the API v2 of SMM panels: actions <code>services</code>, <code>add</code>, <code>status</code>, <code>balance</code>, <code>refill</code>, <code>refill_status</code>, <code>cancel</code>. Ask us for its address.
    Orders placed through the API are paid from this balance and appear in “My orders”. Every <code>add</code> request is a new order: if your panel repeats a request, it pays twice.
api-key-live = You have an API key, created { $since }. It was shown only once; if you have lost it, create a new one — the old one stops working at once.
api-key-none = You have no API key yet.
api-btn-create = 🔑 Create a key
api-btn-replace = 🔑 Create a new key
api-btn-revoke = 🚫 Revoke the key
api-key-created = 🔑 Your new API key. Save it now: it is shown only this once. Keep it secret — anyone who has it can spend your balance.
api-key-revoked = 🚫 Your API key is revoked and no longer works.
api-not-offered = The API is not available for your account. If you would like to resell our services, write to the shop.
# The Mini App: the shop as a page inside Telegram.
webapp-open = 🛍 Open the shop
webapp-title = Shop
webapp-tab-shop = Shop
webapp-tab-orders = My orders
webapp-tab-balance = Balance
webapp-search = Search services
webapp-nothing-found = Nothing found. Try another word.
webapp-link = Link
webapp-quantity = Quantity
webapp-comments = Comments, one per line
webapp-answer-number = Number of the answer to vote for
webapp-limits = From { $min } to { $max }
webapp-total = Total
webapp-continue = Continue
webapp-top-up = Top up in the chat
webapp-open-chat = Back to the chat
webapp-your-balance = Your balance
webapp-movements = Latest movements
webapp-not-signed = Please open the shop with the button in the bot's chat.
webapp-failed = Something went wrong. Please try again in a moment.
webapp-short-top-up = Tap “Top up in the chat”: the payment comes to the chat, and once it is paid the order is placed by itself, at this price.
webapp-top-up-in-chat = The payment is waiting for you in the chat. Once it is paid, the order is placed by itself.
webapp-expired = This confirmation is out of date. Please check the order again.
webapp-no-such-order = There is no such order.
webapp-join-channel = 📢 To use the shop, please join our channel first, then open the shop again.
