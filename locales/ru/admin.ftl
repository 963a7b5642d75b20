## Админ: статистика, поставщики, обновление каталога.

admin-stats-title = 📊 <b>Статистика</b> · всего { $users } { $users ->
        [one] пользователь
        [few] пользователя
       *[many] пользователей
    } · дни по UTC
admin-stats-today = <b>Сегодня</b>
admin-stats-last-days = <b>За { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }</b>
admin-stats-users = 👥 Пользователи: новых { $new }, активных { $active }
admin-stats-row-orders = Заказы
admin-stats-row-revenue = Выручка
admin-stats-row-cost = Расходы
admin-stats-row-profit = Прибыль
admin-stats-row-stars = Оплачено звёздами
admin-stats-row-crypto = Оплачено криптой
admin-stats-row-admin = Начислено вручную
admin-stats-not-known = неизвестно
admin-stats-cost-note = * Для { $unknown } { $unknown ->
        [one] заказа
       *[other] заказов
    } расходы пока неизвестны: расходы и прибыль посчитаны по остальным.
admin-stats-top = 🏆 <b>Популярные услуги за { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }</b>
admin-stats-top-line = { $rank }. { $service }: { $orders } { $orders ->
        [one] заказ
        [few] заказа
       *[many] заказов
    }, { $revenue }
admin-stats-top-empty = Заказов пока нет.
admin-stats-chart-caption = Заказы, выручка, расходы и прибыль по дням за { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    } (UTC)
admin-chart-orders = Заказы в день
admin-chart-money = Деньги по дням, { $currency }
admin-chart-revenue = Выручка
admin-chart-cost = Расходы
admin-chart-profit = Прибыль

admin-providers-title = 🔌 <b>Поставщики</b>
admin-provider-balance = 💳 Баланс: { $balance }
admin-provider-balance-watched = 💳 Баланс: { $balance } (предупреждение ниже { $threshold })
admin-provider-balance-low = 💳 Баланс: { $balance } ⚠️ ниже { $threshold }
admin-provider-balance-failed = 💳 Баланс: недоступен ({ $error })
admin-provider-services = 🗂 Услуг в продаже: { $on_sale } из { $listed }
admin-provider-last-success = ✅ Последний удачный ответ: { $at }
admin-provider-no-success = ✅ Удачных ответов пока не было
admin-provider-last-error = ❌ Последняя ошибка: { $at }, { $error }
admin-provider-no-error = ❌ Ошибок не было
admin-provider-error-rate = 📉 Неудачных заказов за { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    }: { $failed } из { $orders } ({ $percent }%)
admin-provider-error-rate-none = 📉 За { $days } { $days ->
        [one] день
        [few] дня
       *[many] дней
    } заказов не было
admin-provider-failing = ⚠️ { $failures } { $failures ->
        [one] неудачный запрос
        [few] неудачных запроса
       *[many] неудачных запросов
    } подряд
admin-low-balance-alert = ⚠️ Баланс у поставщика <b>{ $provider }</b>: { $balance }, это ниже порога { $threshold }. Пополните его, чтобы заказы продолжали проходить.

admin-sync-running = 🔄 <b>{ $provider }</b>: обновляю каталог…
admin-sync-done = ✅ <b>{ $provider }</b>: каталог обновлён, в продаже: { $on_sale }
admin-sync-failed = ❌ <b>{ $provider }</b>: обновить не удалось ({ $error }); в продаже остаётся прежний каталог
admin-sync-summary = 🗂 <b>Обновление каталога завершено</b>
admin-sync-summary-line = <b>{ $provider }</b>: новых { $added }, убрано { $removed }, изменений цены { $repriced }
admin-sync-summary-failed = <b>{ $provider }</b>: не удалось, ничего не изменилось

## Команды администратора в меню команд Telegram: по несколько слов.
command-credit = Пополнить или списать баланс
command-stats = Продажи, расходы и прибыль с графиком
command-user = Найти клиента
command-order = Найти заказ
command-providers = Поставщики: балансы и состояние
command-sync = Обновить каталог сейчас
command-service = Посмотреть или изменить услугу
command-markup = Посмотреть или задать наценку
command-fx = Курсы валют
command-broadcast = Разослать сообщение всем покупателям
command-maintenance = Включить или выключить техработы
command-starsrefund = Вернуть оплату звёздами
command-tickets = Открытые обращения в поддержку

## /help для администратора: все его команды, что они делают (command-<name>) и пример.
admin-help-title = 🛠 <b>Команды администратора</b>
admin-help-line = <b>{ $command }</b> — { $what }: <code>{ $example }</code>
admin-help-example-credit = /credit 123456789 5 приз за конкурс
admin-help-example-stats = /stats
admin-help-example-user = /user @username
admin-help-example-order = /order 17
admin-help-example-providers = /providers
admin-help-example-sync = /sync
admin-help-example-service = /service 12 markup 35
admin-help-example-markup = /markup 25
admin-help-example-fx = /fx USD 92.5
admin-help-example-broadcast = /broadcast
admin-help-example-maintenance = /maintenance on
admin-help-example-starsrefund = /starsrefund stxAbC123
admin-help-example-tickets = /tickets

## /broadcast без ответа: бот просит сообщение и показывает его так, как его получат покупатели.
admin-broadcast-ask = 📣 Пришлите сообщение для рассылки: текст или фото с подписью. Перед отправкой я покажу его так, как его увидят покупатели. /cancel — отменить.
admin-broadcast-preview-confirm = { $count ->
        [one] 📣 Выше — сообщение в том виде, в каком его получат покупатели. Разослать его <b>{ $count } покупателю</b>?
       *[other] 📣 Выше — сообщение в том виде, в каком его получат покупатели. Разослать его <b>{ $count } покупателям</b>?
    }

## /order: проблема, которая уже позади, — под историей заказа.
admin-order-past-error = Раньше была проблема: { $error }

## Демо-пополнение для покупателей: только пока единственный источник услуг — встроенная песочница.
topup-btn-demo = 🧪 Демо-пополнение: +{ $amount }
topup-demo-note = 🧪 Это демо-магазин: заказы только имитируются, ничего не доставляется. Попробуйте на демо-деньгах — платить не нужно.
topup-demo-done = 🧪 На баланс зачислено { $amount } демо-денег, теперь на нём { $balance }. Заказы здесь только имитируются — пробуйте что угодно.
topup-demo-unavailable = В этом магазине нет демо-денег.
ledger-demo_topup = демо-пополнение

## Referrals (issue 15)
referral-admin-unrecovered = ⚠️ Часть реферального вознаграждения не удалось списать (на балансе пригласившего не хватило денег): { $amount }. Сумма записана.
referral-admin-user = Пригласил: { $referrer } · привёл: { $joined } { $referees } · заработал: { $earned }
referral-admin-nobody = никто
referral-admin-stats = Реферальные выплаты: { $paid } (не возвращено после возвратов: { $unrecovered })

## Admin alert digests (issue 18): the alerts of one kind that came within a minute, as one message.
notice-digest-unknown-outcome = ⚠️ <b>Заказов с неизвестным результатом: { $count }</b>. Деньги покупателей удержаны, пока вы не разберёте каждый заказ.
notice-digest-unknown-status = ❓ <b>Заказов с незнакомым статусом: { $count }</b>. Их статус не меняется, проверки продолжаются.
notice-digest-attention = 🔔 <b>Заказов, которым нужно внимание: { $count }</b>
notice-digest-below-cost = 📉 <b>Услуг скрыто, потому что они продавались бы дешевле себестоимости: { $count }</b>
notice-digest-payment-not-credited = 💳 <b>Платежей Stars, которые ещё не зачислены: { $count }</b>. Зачисление повторяется каждый раунд.
notice-digest-crypto-attention = ⚠️ <b>Оплат Crypto Pay, не совпавших со своим счётом: { $count }</b>. По ним ничего не зачислено.
notice-digest-audit = 🧾 <b>Проблем, найденных проверкой денег: { $count }</b>. Полный список покажет <code>smmbot audit</code> на сервере.
notice-digest-low-balance = 💰 <b>Балансов у поставщиков ниже порога: { $count }</b>
notice-digest-more = …и ещё { $count }.
notice-digest-btn-refund = ↩️ №{ $id }: вернуть деньги
notice-digest-btn-placed = ✅ №{ $id }: создан
