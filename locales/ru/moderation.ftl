## Admin: users, orders, broadcast, maintenance; banned customers.

# To customers.
mod-banned = ⛔ Вы больше не можете пользоваться этим магазином.{ $support_via ->
    [both] {" "}Если это ошибка, напишите { $support_contact }.
    [contact] {" "}Если это ошибка, напишите { $support_contact }.
   *[other] {""}
}
mod-closed = 🛠 Магазин закрыт на техническое обслуживание. Пожалуйста, загляните чуть позже.
mod-debit-received = 💸 С вашего баланса списано { $amount }: { $reason }. Баланс: { $balance }.

# A statement line; the balance screen names it after the ledger kind, hence no `mod-` prefix.
ledger-admin_debit = корректировка

# /user
mod-user-usage = Как использовать: /user &lt;id или @username&gt;
mod-user-not-found = Пользователь { $who } ещё не запускал бота.
mod-profile =
    👤 <b>{ $name }</b> { $username } · id <code>{ $id }</code>
    Язык: { $language } · с { $since } · заходил { $seen }
    Баланс: <b>{ $balance }</b>
mod-profile-no-username = (без имени пользователя)
mod-profile-admin = 🛡 Администратор.
mod-profile-banned = ⛔ Заблокирован с { $time }.
mod-profile-blocked = 🚫 Заблокировал бота { $time }.
mod-profile-orders = { $count ->
    [0] Заказов пока нет.
    [one] <b>{ $count } заказ</b>, последние:
    [few] <b>{ $count } заказа</b>, последние:
    [many] <b>{ $count } заказов</b>, последние:
   *[other] <b>{ $count } заказа</b>, последние:
}
mod-profile-ledger = <b>Последние операции</b>:
mod-profile-no-ledger = Операций пока не было.
mod-btn-credit = ➕ Начислить
mod-btn-debit = ➖ Списать
mod-btn-ban = ⛔ Заблокировать
mod-btn-unban = ✅ Разблокировать
mod-btn-refresh = 🔄 Обновить
mod-ban-done = ⛔ Пользователь { $user } заблокирован: он получит один короткий ответ, дальше — тишина.
mod-unban-done = ✅ Пользователь { $user } разблокирован.
mod-ban-admin = Администратора нельзя заблокировать: сначала уберите его из ADMIN_IDS.

# Credit and debit from a profile.
mod-credit-ask = ➕ Сколько начислить на баланс { $name } (id { $user }, баланс { $balance }) и за что? Пришлите сумму и причину, например <code>5 бонус за конкурс</code>.
mod-debit-ask = ➖ Сколько списать с баланса { $name } (id { $user }, баланс { $balance }) и за что? Пришлите сумму и причину, например <code>5 возвращено на карту</code>.
mod-change-invalid = Пришлите сумму в { $currency } больше нуля, а за ней причину, например <code>5 бонус за конкурс</code>.
mod-credited = ✅ На баланс пользователя { $user } начислено { $amount } ({ $reason }). Баланс: { $balance }.
mod-debited = ✅ С баланса пользователя { $user } списано { $amount } ({ $reason }). Баланс: { $balance }.
mod-debit-short = На балансе { $balance }: списать { $amount } нельзя. Пришлите сумму поменьше или /cancel.
mod-change-duplicate = Это сообщение уже выполнено: дважды ничего не изменилось.

# /order
mod-order-usage = Как использовать: /order &lt;номер заказа&gt;
mod-order-not-found = Заказа №{ $id } нет.
mod-order =
    📦 <b>Заказ №{ $id }</b> · { $state }
    Покупатель: { $customer } · id <code>{ $user }</code>
    Услуга: { $service } (№{ $service_id })
    Ссылка: { $link }
    Количество: { $quantity } · списано: { $charge } · возвращено: { $refunded }
    Поставщик: { $provider } · его услуга { $provider_service } · его заказ { $provider_order }
    Создан { $created } · изменён { $updated }
mod-order-error = Проблема: { $error }
mod-order-answer =
    <b>Последний ответ поставщика</b> ({ $time }):
    статус «{ $status }» · осталось { $remains } · начальный счётчик { $start } · стоимость { $charge }
mod-order-no-answer = Поставщик ещё ничего не сообщал об этом заказе.
mod-order-events = <b>Изменения</b>, последние:
mod-order-event = { $time } · { $state } · «{ $status }» · осталось { $remains }
mod-btn-refund-all = ↩️ Вернуть всё: { $amount }
mod-btn-refund-part = ↩️ Вернуть часть
mod-btn-customer = 👤 Покупатель
mod-refund-ask = ↩️ Сколько вернуть за заказ №{ $id }, не больше { $charge }? Пришлите сумму и, если хотите, причину, например <code>0.50 половина не выполнена</code>. Админ делает возврат по заказу один раз; если заказ потом отменят, магазин вернёт только то, что ещё причитается.
mod-refund-invalid = Пришлите сумму больше нуля и не больше { $charge }, например <code>0.50</code>.
mod-refunded = ↩️ { $amount } за заказ №{ $id } возвращено пользователю { $user }, он получит уведомление.
mod-refund-again = По заказу №{ $id } уже был возврат (всего { $amount }). Админ делает возврат по заказу один раз и не больше его стоимости: ничего не изменилось.
mod-refund-not-settled = Заказ №{ $id } сейчас в состоянии «{ $state }»: вернуть деньги можно, когда это прояснится.

# /broadcast
mod-broadcast-usage = Ответьте командой <code>/broadcast</code> на сообщение, которое нужно разослать всем покупателям.
mod-broadcast-nobody = Рассылать некому: покупателей нет.
mod-broadcast-confirm = { $count ->
    [one] 📣 Разослать сообщение, на которое вы ответили, <b>{ $count } покупателю</b>?
   *[other] 📣 Разослать сообщение, на которое вы ответили, <b>{ $count } покупателям</b>?
}
    Заблокировавшие бота и заблокированные покупатели не получат его.
mod-btn-broadcast-send = 📣 Разослать
mod-broadcast-started = 📣 Рассылка №{ $id } начинается. Получателей: { $count }.
mod-broadcast-progress = 📣 Рассылка №{ $id }: обработано { $done } из { $recipients }.
mod-broadcast-paused = ⏸ Пауза { $seconds } с: Telegram попросил подождать или был недоступен. Рассылка продолжится сама.
mod-broadcast-finished = ✅ Рассылка №{ $id } завершена: доставлено { $sent } из { $recipients }.
mod-broadcast-aborted = ⛔ Рассылка №{ $id } остановлена: её сообщение удалено. Не отправлено: { $waiting }.
mod-broadcast-counts = Отправлено: { $sent } · заблокировали бота: { $blocked } · ошибки: { $failed } · не подтверждено: { $unknown }
mod-broadcast-canceled = ✖️ Рассылка №{ $id } отменена: ничего не отправлено.
mod-broadcast-already = Рассылка №{ $id } уже запущена.
mod-broadcast-dropped-already = Рассылка №{ $id } была отменена.
mod-broadcast-gone = Рассылки №{ $id } нет.

# /maintenance
mod-maintenance-usage = Как использовать: /maintenance on|off
mod-maintenance-on = 🛠 Техобслуживание включено: покупателям сообщается, что магазин закрыт; администраторы работают как обычно. /maintenance off снова откроет магазин.
mod-maintenance-off = ✅ Техобслуживание выключено: магазин открыт.
mod-maintenance-is-on = 🛠 Сейчас идёт техобслуживание: покупателям сообщается, что магазин закрыт.
mod-maintenance-is-off = ✅ Магазин открыт (техобслуживание выключено).

# Обязательный канал (REQUIRED_CHANNEL)
channel-join = 📢 Чтобы пользоваться магазином, подпишитесь на наш канал, а затем нажмите «Проверить подписку».
channel-btn-join = 📢 Подписаться на канал
channel-btn-joined = ✅ Проверить подписку
channel-not-yet = Вы ещё не подписаны на канал. Подпишитесь и нажмите «Проверить подписку» ещё раз.

## The panel API as admins see it (issue 16): resellers on a customer's profile (who may use
## the API, at what markup), and orders placed through it.
mod-profile-not-reseller = Реселлер: нет
mod-profile-reseller = Реселлер: да, по ценам магазина
mod-profile-reseller-markup = Реселлер: да, наценка { $percent } %
mod-btn-reseller-on = 🤝 Сделать реселлером
mod-btn-reseller-off = 🤝 Больше не реселлер
mod-btn-reseller-markup = 💹 Наценка реселлера
mod-reseller-on = 🤝 Пользователь { $user } теперь реселлер.
mod-reseller-off = 🤝 Пользователь { $user } больше не реселлер.
mod-reseller-markup-ask = 💹 Какую наценку к нашей себестоимости платит пользователь { $user } за заказы через API? Отправьте процент, например <code>10</code>, или <code>-</code>, чтобы вернуть обычные цены магазина. Если с этой наценкой услуга продавалась бы ниже себестоимости, действует обычная цена.
mod-reseller-markup-invalid = Отправьте процент, например <code>10</code> или <code>12.5</code> (не больше 10000), или <code>-</code> для обычных цен магазина.
mod-reseller-markup-set = 💹 Пользователь { $user } теперь покупает через API с наценкой { $percent } %.
mod-reseller-markup-cleared = 💹 Пользователь { $user } теперь покупает через API по обычным ценам магазина.
mod-order-through-api = 🔌 Размещён через API.
mod-order-through-webapp = 🛍 Оформлен в мини-приложении.
