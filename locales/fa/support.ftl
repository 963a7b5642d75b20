## Support: customers writing to the shop, admins answering.
## Every text gets $support_via (both, bot, contact or none: whether the bot's own support
## and the shop's contact, SUPPORT_CONTACT, exist) and $support_contact (that contact).

btn-support = 💬 پیام به پشتیبانی
command-support = پیام به پشتیبانی فروشگاه
support-btn-contact = ✉️ پیام به { $support_contact }
support-help = { $support_via ->
    [both] سؤالی دارید؟ روی «💬 پیام به پشتیبانی» بزنید یا به { $support_contact } پیام دهید.
    [bot] سؤالی دارید؟ روی «💬 پیام به پشتیبانی» بزنید؛ تیم فروشگاه همین‌جا پاسخ می‌دهد.
    [contact] سؤالی دارید؟ به { $support_contact } پیام دهید.
   *[none] {""}
}
support-prompt =
    💬 <b>پشتیبانی</b>
    سؤال خود را در یک پیام بنویسید: متن، یا عکس همراه با توضیح (اسکرین‌شات خیلی کمک می‌کند). تیم فروشگاه آن را همراه با اطلاعات سفارش‌هایتان دریافت می‌کند و پاسخ در همین گفتگو می‌آید.{ $support_via ->
        [both] {" "}می‌توانید به { $support_contact } هم پیام دهید.
       *[other] {""}
    }
support-unavailable = { $support_via ->
    [contact] 💬 برای تماس با فروشگاه به { $support_contact } پیام دهید.
   *[other] 💬 پشتیبانی در این ربات هنوز فعال نشده است. لطفاً بعداً سر بزنید.
}
support-sent =
    ✅ پیام شما به پشتیبانی رسید (درخواست #{ $ticket }). پاسخ در همین گفتگو می‌آید.
    می‌توانید همین‌جا چیز دیگری اضافه کنید یا به منو برگردید.
support-not-text = لطفاً سؤال خود را به صورت متن یا عکس همراه با توضیح بفرستید.
support-too-long = این پیام خیلی طولانی است: حداکثر { $max } نویسه. لطفاً کوتاهش کنید یا در چند بخش بفرستید.
support-too-fast = سریع‌تر از آن می‌نویسید که بتوانیم بخوانیم 🙂 لطفاً یک دقیقه صبر کنید و بقیه را بفرستید. پیام‌های قبلی شما به دست پشتیبانی رسیده است.
support-too-many = پشتیبانی چند پیام از شما دارد و به‌زودی پاسخ می‌دهد. لطفاً پیش از نوشتن پیام بیشتر، منتظر پاسخ بمانید.
support-answer = 💬 <b>پشتیبانی فروشگاه</b> (درخواست #{ $ticket }):
support-answer-reply-hint = <i>برای پاسخ دادن، روی همین پیام «پاسخ» (Reply) بزنید.</i>
support-closed-notice = ✅ درخواست پشتیبانی #{ $ticket } شما بسته شد. اگر باز هم کاری داشتید، دوباره از منو به پشتیبانی پیام دهید.
support-for-top-up = { $support_via ->
    [both] برای افزایش موجودی، در منو روی «💬 پیام به پشتیبانی» بزنید یا به { $support_contact } پیام دهید.
    [bot] برای افزایش موجودی، در منو روی «💬 پیام به پشتیبانی» بزنید.
    [contact] برای افزایش موجودی، به { $support_contact } پیام دهید.
   *[none] {""}
}

## Admins.
support-admin-new = 📨 <b>درخواست پشتیبانی جدید #{ $ticket }</b>
support-admin-more = 📨 <b>درخواست پشتیبانی #{ $ticket }</b>: مشتری پیام دیگری فرستاد
support-admin-customer =
    از: { $name } ({ $username })، شناسه <code>{ $id }</code>
    موجودی: { $balance }
support-admin-orders = آخرین سفارش‌ها:
support-admin-no-orders = هنوز سفارشی ندارد.
support-admin-reply-hint = <i>برای پاسخ به مشتری روی همین پیام «پاسخ» بزنید؛ /tickets درخواست‌های باز را نشان می‌دهد.</i>
support-answer-sent = ✅ پاسخ شما برای { $name } فرستاده شد (درخواست #{ $ticket }).
support-answer-failed = ❌ پاسخ درخواست #{ $ticket } تحویل داده نشد: مشتری ربات را مسدود کرده یا در دسترس نیست. چیزی ثبت نشد.
support-answer-closed = درخواست #{ $ticket } بسته است، پس پاسخ فرستاده نشد. اگر مشتری دوباره بنویسد، درخواست تازه‌ای باز می‌شود.
support-answer-not-text = فقط متن یا عکس همراه با توضیح را می‌توان برای مشتری فرستاد.
support-answer-too-long = پاسخ خیلی طولانی است: حداکثر { $max } نویسه. لطفاً کوتاهش کنید یا در چند بخش بفرستید.
tickets-none = درخواست پشتیبانی بازی وجود ندارد.
tickets-heading = <b>درخواست‌های پشتیبانی باز: { $count }</b> (آن‌هایی که بیشتر منتظر مانده‌اند اول)
tickets-line = <b>#{ $ticket }</b> · { $name } (<code>{ $id }</code>) · { $messages } پیام، بی‌پاسخ: { $unanswered } · { $time }
tickets-more = …و { $count } درخواست دیگر؛ برای دیدن بقیه، چندتا را ببندید.
tickets-btn-close = ✖️ بستن #{ $ticket }
tickets-btn-customer = 👤 مشتری #{ $ticket }
tickets-closed = ✅ درخواست #{ $ticket } بسته شد و به مشتری اطلاع داده شد.
tickets-already-closed = درخواست #{ $ticket } پیش‌تر بسته شده بود.
