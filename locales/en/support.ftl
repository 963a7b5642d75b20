## Support: customers writing to the shop, admins answering.
## Every text gets $support_via (both, bot, contact or none: whether the bot's own support
## and the shop's contact, SUPPORT_CONTACT, exist) and $support_contact (that contact).

btn-support = 💬 Message support
command-support = Write to the shop's support
support-btn-contact = ✉️ Write to { $support_contact }
support-help = { $support_via ->
    [both] Questions? Tap “💬 Message support”, or write to { $support_contact }.
    [bot] Questions? Tap “💬 Message support”: the shop's team answers right here.
    [contact] Questions? Write to { $support_contact }.
   *[none] {""}
}
support-prompt =
    💬 <b>Message support</b>
    Write your question in a message: text, or a photo with a caption (a screenshot helps). The shop's team gets it with your order details, and the answer comes to this chat.{ $support_via ->
        [both] {" "}You can also write to { $support_contact }.
       *[other] {""}
    }
support-unavailable = { $support_via ->
    [contact] 💬 To reach the shop, write to { $support_contact }.
   *[other] 💬 Support is not available in this bot yet. Please come back later.
}
support-sent =
    ✅ Your message reached support (request #{ $ticket }). The answer will come to this chat.
    You can add more here, or go back to the menu.
support-not-text = Please send your question as text, or as a photo with a caption.
support-too-long = That message is too long: at most { $max } characters. Please shorten it, or send it in parts.
support-too-fast = You are writing faster than we can read 🙂 Please wait a minute, then send the rest. Support already has your earlier messages.
support-too-many = Support has several of your messages already and will answer soon. Please wait for the answer before writing more.
support-answer = 💬 <b>The shop's support</b> (request #{ $ticket }):
support-answer-reply-hint = <i>To write back, reply to this message.</i>
support-closed-notice = ✅ Your support request #{ $ticket } is closed. If you need anything else, write to support again from the menu.
support-for-top-up = { $support_via ->
    [both] To have money added to your balance, tap “💬 Message support” in the menu or write to { $support_contact }.
    [bot] To have money added to your balance, tap “💬 Message support” in the menu.
    [contact] To have money added to your balance, write to { $support_contact }.
   *[none] {""}
}

## Admins.
support-admin-new = 📨 <b>New support request #{ $ticket }</b>
support-admin-more = 📨 <b>Support request #{ $ticket }</b>: the customer writes more
support-admin-customer =
    From: { $name } ({ $username }), id <code>{ $id }</code>
    Balance: { $balance }
support-admin-orders = Latest orders:
support-admin-no-orders = No orders yet.
support-admin-reply-hint = <i>Reply to this message to answer the customer; /tickets lists the open requests.</i>
support-answer-sent = ✅ Your answer was sent to { $name } (request #{ $ticket }).
support-answer-failed = ❌ The answer to request #{ $ticket } could not be delivered: the customer has blocked the bot or cannot be reached. Nothing was recorded.
support-answer-closed = Request #{ $ticket } is closed, so the answer was not sent. If the customer writes again, a new request opens.
support-answer-not-text = Only text, or a photo with a caption, can be sent to the customer.
support-answer-too-long = The answer is too long: at most { $max } characters. Please shorten it or send it in parts.
tickets-none = No open support requests.
tickets-heading = <b>Open support requests: { $count }</b> (the longest waiting first)
tickets-line = <b>#{ $ticket }</b> · { $name } (<code>{ $id }</code>) · { $messages ->
        [one] { $messages } message
       *[other] { $messages } messages
    }, { $unanswered } unanswered · { $time }
tickets-more = …and { $count } more; close some to see them.
tickets-btn-close = ✖️ Close #{ $ticket }
tickets-btn-customer = 👤 Customer of #{ $ticket }
tickets-closed = ✅ Request #{ $ticket } is closed; the customer was told.
tickets-already-closed = Request #{ $ticket } was closed already.
