## Top-ups with Telegram Stars.
## Invoice texts and pre-checkout refusals are plain text (Telegram shows them without markup).

topup-btn = ⭐ Top up with Stars
topup-choose =
    ⭐ <b>Top up with Telegram Stars</b>
    1 star = { $rate }.
    Choose an amount, or send the number of stars, from { $min } to { $max }.
topup-btn-amount = ⭐ { $stars } → { $amount }
topup-unavailable = Top-ups with Telegram Stars are not enabled in this shop. To top up your balance, please contact the shop's support.
topup-not-number = Please send the number of stars as digits only, from { $min } to { $max }.
topup-below-min = That is below the minimum. The smallest top-up is { $min ->
        [one] { $min } star
       *[other] { $min } stars
    }.
topup-above-max = That is above the maximum. The largest top-up is { $max ->
        [one] { $max } star
       *[other] { $max } stars
    }.

topup-invoice-title = Balance top-up
topup-invoice-description = { $stars ->
        [one] { $stars } star
       *[other] { $stars } stars
    } → { $amount } on your balance in the shop.
topup-invoice-label = Top-up

topup-credited =
    ✅ Payment received: { $stars ->
        [one] { $stars } star
       *[other] { $stars } stars
    }.
    { $amount } was added to your balance. Balance: <b>{ $balance }</b>
    Payment id: <code>{ $charge }</code>
topup-recorded =
    ✅ Payment received: { $stars ->
        [one] { $stars } star
       *[other] { $stars } stars
    }. The shop will add it to your balance shortly.
    Payment id: <code>{ $charge }</code>

topup-refused-unavailable = Top-ups with Telegram Stars are not enabled right now. Nothing was charged.
topup-refused-banned = Your account cannot make payments in this shop. Nothing was charged.
topup-refused-invalid = This invoice is not valid. Please open Balance → Top up for a new one. Nothing was charged.
topup-refused-range = A top-up must be from { $min } to { $max } stars. Please open Balance → Top up for a new invoice. Nothing was charged.
topup-refused-error = Something went wrong on our side. Please try again in a minute. Nothing was charged.

topup-refund-usage = Usage: /starsrefund &lt;telegram_payment_charge_id&gt; (the customer sees it as «Payment id» under the top-up).
topup-refund-unknown = No Stars payment has that id.
topup-refund-already = Payment <code>{ $charge }</code> was refunded already: nothing was done.
topup-refund-short =
    ⚠️ Payment <code>{ $charge }</code> of user { $user }: { $stars ->
        [one] { $stars } star
       *[other] { $stars } stars
    }, credited { $credited }.
    The customer has spent some of it: the balance is { $balance }, so the refund takes it to <b>{ $after }</b>.
    Refund anyway?
topup-refund-confirm = ↩️ Refund anyway
topup-refund-done =
    ↩️ { $stars ->
        [one] { $stars } star
       *[other] { $stars } stars
    } returned to user { $user } (payment <code>{ $charge }</code>).
    { $amount } was taken from their balance; it is now { $balance }.
topup-refund-failed = Telegram did not refund payment <code>{ $charge }</code>: { $reason }. The balance is unchanged; running the command again is safe.
topup-refund-no-answer = no answer from Telegram

## Balance statement lines for the ledger kinds of this area (the screen looks up ledger-<kind>).
ledger-stars_topup = top-up with Stars
ledger-stars_refund = Stars payment refunded
