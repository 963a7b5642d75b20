## Top-ups with Telegram Stars.
## Invoice texts and pre-checkout refusals are plain text (Telegram shows them without markup).

topup-btn = ⭐ Top up with Stars
topup-choose =
    ⭐ <b>Top up with Telegram Stars</b>
    1 star = { $rate }.
    Choose an amount, or send the number of stars, from { $min } to { $max }.
topup-btn-amount = ⭐ { $stars } → { $amount }
topup-unavailable = Top-ups with Telegram Stars are not enabled in this shop.{ $support_via ->
    [none] {""}
   *[other] {" "}{ support-for-top-up }
}
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

topup-refund-usage = Usage: /starsrefund &lt;telegram_payment_charge_id&gt; (the customer sees it as “Payment id” under the top-up).
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

## Top-ups with Crypto Pay (@CryptoBot). The invoice description is plain text.
crypto-btn = 💎 Pay with crypto
crypto-btn-amount = 💎 { $amount }
crypto-choose =
    💎 <b>Top up with crypto</b>
    You pay in @CryptoBot with { $assets }; your balance gets exactly the amount you choose.
    Choose an amount, or send one from { $min } to { $max }.
crypto-not-amount = Please send the amount as a number, e.g. 15 or 12.50, from { $min } to { $max }.
crypto-below-min = That is below the minimum. The smallest top-up is { $min }.
crypto-above-max = That is above the maximum. The largest top-up is { $max }.
crypto-invoice-description = Balance top-up: { $amount }
crypto-invoice =
    💎 <b>Invoice #{ $invoice }: { $amount }</b>
    Pay it in @CryptoBot with { $assets } before { $expires }.
    The money reaches your balance by itself a few moments after you pay.
crypto-btn-pay = 💎 Pay in @CryptoBot
crypto-btn-check = 🔄 Check payment
crypto-btn-new = 💎 New crypto top-up
crypto-in-progress = Your invoice is being created. Please wait a few seconds and tap the amount again.
crypto-failed = The invoice could not be created right now. Nothing was charged. Please try again in a few minutes.
crypto-credited =
    ✅ Crypto payment received (invoice #{ $invoice }).
    { $amount } was added to your balance. Balance: <b>{ $balance }</b>
crypto-credited-for-purchase = ✅ Crypto payment received (invoice #{ $invoice }): { $amount } added to your balance.
crypto-already-paid = ✅ Invoice #{ $invoice } is paid, and the money is on your balance.
crypto-not-paid-yet = ⏳ Not paid yet.
crypto-expired = ⌛ Invoice #{ $invoice } for { $amount } has expired unpaid. Nothing was charged; you can make a new one.
crypto-not-payable = This invoice cannot be paid. Nothing was charged; you can make a new one.
crypto-check-failed = The payment could not be checked right now. Please try again in a minute; a payment is never lost, it is credited by itself.
notice-admin-crypto-attention = ⚠️ Crypto Pay invoice #{ $invoice } of user { $user } was reported paid in a way that does not match it, so nothing was credited: { $problem }. Check it in @CryptoBot and credit by hand with /credit if the money arrived.
ledger-crypto_topup = top-up with crypto
topup-credited-for-purchase =
    ✅ Payment received: { $stars ->
        [one] { $stars } star
       *[other] { $stars } stars
    }, { $amount } added to your balance.
    Payment id: <code>{ $charge }</code>

cancelled-topup = Top-up canceled.

## Promo codes on the balance screen.
promo-btn = 🎁 Promo code
promo-btn-balance = 💰 Balance
promo-ask = 🎁 Send your promo code.
promo-credited = 🎉 Code accepted: { $amount } added to your balance. Balance: <b>{ $balance }</b>
promo-discount-attached = 🎉 Code accepted: { $percent }% off your next order. You will see the new total before you confirm.
promo-unknown = There is no such code. Check it and send it again.
promo-expired = This code has expired.
promo-used-up = This code has been used up.
promo-already-redeemed = You have already used this code.
promo-not-new-customer = This code is only for customers who have not ordered yet.
promo-discount-waiting = You already have a discount waiting for your next order. Use it first, then enter this code.
promo-slowed-down = Too many wrong codes. Try again in { $minutes ->
        [one] { $minutes } minute
       *[other] { $minutes } minutes
    }.
ledger-promo_credit = promo code
promo-total-discounted = <s>{ $original }</s> { $total } (code { $code } −{ $percent }%)
promo-send-as-text = Please send the code as text.
