## Support: customers writing to the shop, admins answering.
## Every text gets $support_via (both, bot, contact or none: whether the bot's own support
## and the shop's contact, SUPPORT_CONTACT, exist) and $support_contact (that contact).

btn-support = 💬 Написать в поддержку
command-support = Написать в поддержку магазина
support-btn-contact = ✉️ Написать { $support_contact }
support-help = { $support_via ->
    [both] Остались вопросы? Нажмите «💬 Написать в поддержку» или напишите { $support_contact }.
    [bot] Остались вопросы? Нажмите «💬 Написать в поддержку» — команда магазина ответит прямо здесь.
    [contact] Остались вопросы? Напишите { $support_contact }.
   *[none] {""}
}
support-prompt =
    💬 <b>Поддержка</b>
    Напишите ваш вопрос одним сообщением: текстом или фото с подписью (скриншот очень помогает). Команда магазина получит его вместе с данными ваших заказов, а ответ придёт в этот чат.{ $support_via ->
        [both] {" "}Можно также написать { $support_contact }.
       *[other] {""}
    }
support-unavailable = { $support_via ->
    [contact] 💬 Чтобы связаться с магазином, напишите { $support_contact }.
   *[other] 💬 Поддержка в этом боте пока не подключена. Пожалуйста, загляните позже.
}
support-sent =
    ✅ Ваше сообщение получено поддержкой (обращение №{ $ticket }). Ответ придёт в этот чат.
    Можете дописать что-то ещё здесь или вернуться в меню.
support-not-text = Пожалуйста, отправьте вопрос текстом или фото с подписью.
support-too-long = Сообщение слишком длинное: не больше { $max } символов. Сократите его или отправьте по частям.
support-too-fast = Вы пишете быстрее, чем мы успеваем читать 🙂 Подождите минуту и отправьте остальное. Предыдущие сообщения поддержка уже получила.
support-too-many = У поддержки уже есть несколько ваших сообщений, скоро вам ответят. Пожалуйста, дождитесь ответа, прежде чем писать ещё.
support-answer = 💬 <b>Поддержка магазина</b> (обращение №{ $ticket }):
support-answer-reply-hint = <i>Чтобы ответить, ответьте на это сообщение.</i>
support-closed-notice = ✅ Ваше обращение №{ $ticket } закрыто. Если понадобится что-то ещё, снова напишите в поддержку из меню.
support-for-top-up = { $support_via ->
    [both] Чтобы пополнить баланс, нажмите «💬 Написать в поддержку» в меню или напишите { $support_contact }.
    [bot] Чтобы пополнить баланс, нажмите «💬 Написать в поддержку» в меню.
    [contact] Чтобы пополнить баланс, напишите { $support_contact }.
   *[none] {""}
}

## Admins.
support-admin-new = 📨 <b>Новое обращение №{ $ticket }</b>
support-admin-more = 📨 <b>Обращение №{ $ticket }</b>: клиент дописал
support-admin-customer =
    От: { $name } ({ $username }), id <code>{ $id }</code>
    Баланс: { $balance }
support-admin-orders = Последние заказы:
support-admin-no-orders = Заказов пока нет.
support-admin-reply-hint = <i>Ответьте на это сообщение, чтобы ответить клиенту; /tickets — открытые обращения.</i>
support-answer-sent = ✅ Ответ отправлен: { $name } (обращение №{ $ticket }).
support-answer-failed = ❌ Ответ на обращение №{ $ticket } не доставлен: клиент заблокировал бота или недоступен. Ничего не записано.
support-answer-closed = Обращение №{ $ticket } закрыто, ответ не отправлен. Если клиент напишет снова, откроется новое обращение.
support-answer-not-text = Клиенту можно отправить только текст или фото с подписью.
support-answer-too-long = Ответ слишком длинный: не больше { $max } символов. Сократите его или отправьте по частям.
tickets-none = Открытых обращений нет.
tickets-heading = <b>Открытые обращения: { $count }</b> (дольше всех ждущие — первыми)
tickets-line = <b>№{ $ticket }</b> · { $name } (<code>{ $id }</code>) · { $messages ->
        [one] { $messages } сообщение
        [few] { $messages } сообщения
       *[many] { $messages } сообщений
    }, без ответа: { $unanswered } · { $time }
tickets-more = …и ещё { $count }; закройте часть, чтобы увидеть остальные.
tickets-btn-close = ✖️ Закрыть №{ $ticket }
tickets-btn-customer = 👤 Клиент №{ $ticket }
tickets-closed = ✅ Обращение №{ $ticket } закрыто, клиент уведомлён.
tickets-already-closed = Обращение №{ $ticket } уже было закрыто.
