## Русский. Ключи те же, что в en.ftl (это проверяет тест).

command-start = Открыть магазин
command-help = Как это работает
command-cancel = Выйти из текущего шага

btn-menu = 🏠 Меню
btn-new-order = 🛒 Новый заказ
btn-search = 🔎 Поиск
btn-search-again = 🔎 Искать ещё
btn-my-orders = 📦 Мои заказы
btn-balance = 💰 Баланс
btn-language = 🌐 Язык
btn-help = ❓ Помощь
btn-back = ⬅️ Назад
btn-cancel = ✖️ Отмена
btn-order = 🛒 Заказать
btn-confirm = ✅ Подтвердить и оплатить
btn-order-details = 📄 Подробнее о заказе
btn-order-again = 🔁 Заказать ещё раз

menu-text =
    👋 Здравствуйте, { $name }!
    Ваш баланс: <b>{ $balance }</b>

    Выберите, что хотите сделать:
help-text =
    <b>Как это работает</b>
    1. Нажмите «Новый заказ», выберите категорию и услугу.
    2. Отправьте ссылку (канал, пост или вашу реферальную ссылку).
    3. Укажите количество и проверьте сумму.
    4. Подтвердите: заказ оплачивается с баланса и сразу уходит в работу.

    Все заказы видны в разделе «Мои заказы». /cancel — выйти из любого шага, /start — открыть меню.
language-text = Выберите язык:
cancelled = Отменено. Ничего не заказано.
unknown-command = Такой команды нет. /start открывает меню, /help объясняет, как сделать заказ.
use-buttons = Пожалуйста, воспользуйтесь кнопками ниже.
stale-button = Эта кнопка уже неактивна. Воспользуйтесь последним сообщением.
sandbox-notice = ⚠️ Поставщик не настроен: магазин работает на встроенной песочнице. Заказы имитируются, ничего не выполняется.

price-per-unit = { $price } / { $unit }
price-per-item = { $kind ->
        [comments] { $price } за комментарий
       *[other] { $price } за штуку
    }
catalogue-empty = Сейчас ничего нет в продаже. Загляните чуть позже.
categories-text = 🛒 <b>Новый заказ</b>
    Выберите категорию:
services-text = <b>{ $category }</b>
    Выберите услугу (цена за указанное количество):
services-empty = В категории <b>{ $category }</b> сейчас ничего нет в продаже.
search-prompt = 🔎 Напишите, что ищете, например «просмотры» или «Notpixel».
search-results = 🔎 Найдено по запросу «{ $query }»:
search-nothing = 🔎 По запросу «{ $query }» ничего не найдено. Попробуйте другое слово.
service-card =
    <b>{ $name }</b>
    <i>{ $category }</i>
    { $description }
    Цена: <b>{ $price }</b>
    Минимум: { $min }, максимум: { $max }
service-unavailable = Эта услуга больше не продаётся. Пожалуйста, выберите другую.

ask-link-any = Отправьте ссылку для «{ $service }» (полный адрес, начинающийся с https://).
ask-link-telegram = Отправьте ссылку на Telegram-канал, группу или пост для «{ $service }», например https://t.me/yourchannel или @yourchannel.
ask-link-referral = Отправьте вашу реферальную ссылку на { $bot } для «{ $service }». В ней должен быть стартовый параметр, например https://t.me/bot/app?startapp=вашкод.
link-not-url = Это не похоже на ссылку. Отправьте полный адрес, например https://t.me/yourchannel.
link-not-telegram = Для этой услуги нужна ссылка на Telegram (t.me/… или @имя).
link-no-start = Это не реферальная ссылка: в ней нет стартового параметра (?startapp=… или ?start=…). Откройте мини-приложение, скопируйте реферальную ссылку и отправьте её сюда.
link-wrong-bot = Эта реферальная ссылка ведёт в другого бота. Услуга работает только со ссылками на { $bot }.

ask-quantity =
    Сколько нужно? Отправьте число от { $min } до { $max }.
    Цена: { $price }
quantity-not-number = Отправьте количество только цифрами, от { $min } до { $max }.
quantity-below-min = Это меньше минимума. Минимальный заказ — { $min }.
quantity-above-max = Это больше максимума. Максимальный заказ — { $max }.

confirm-text =
    <b>Проверьте заказ</b>
    Услуга: { $service }
    Ссылка: { $link }
    Количество: { $quantity }{ $details }
    Сумма: <b>{ $total }</b>
confirm-balance =
    Ваш баланс: { $balance }
    Баланс после заказа: { $after }
confirm-short =
    Ваш баланс: { $balance }
    ⚠️ На этот заказ не хватает <b>{ $missing }</b>.
confirm-short-stars = Оплатите счёт ниже ({ $stars ->
        [one] { $stars } звезда
        [few] { $stars } звезды
       *[many] { $stars } звёзд
    }), и заказ оформится сам по этой цене. Он ждёт оплаты { $hours ->
        [one] { $hours } час
        [few] { $hours } часа
       *[many] { $hours } часов
    }.
confirm-short-or-crypto = Можно оплатить и криптовалютой — кнопкой ниже.
confirm-short-topup = Пополните баланс хотя бы на недостающую сумму кнопкой ниже, и заказ оформится сам по этой цене. Он ждёт оплаты { $hours ->
        [one] { $hours } час
        [few] { $hours } часа
       *[many] { $hours } часов
    }.
confirm-short-stars-too-many = Одним платежом в звёздах можно внести не больше { $max ->
        [one] { $max } звезды
       *[other] { $max } звёзд
    } — на этот заказ этого не хватит.
confirm-short-no-topup = Пополнение в этом магазине пока недоступно.{ $support_via ->
    [none] {""}
   *[other] {" "}{ support-for-top-up }
}
btn-pay-stars = ⭐ Оплатить { $stars ->
        [one] { $stars } звезду
        [few] { $stars } звезды
       *[many] { $stars } звёзд
    }
purchase-still-short = ⏳ Заказ всё ещё ждёт оплаты: не хватает <b>{ $missing }</b>. Пополните остаток, и он оформится сам.

order-placed =
    ✅ Заказ <b>№ { $id }</b> оформлен и передан в работу.
    Ваш баланс: { $balance }
    Следите за ним в разделе «Мои заказы».
order-rejected =
    ❌ Заказ № { $id } не принят: { $reason }
    На баланс возвращено { $refunded }.
order-unconfirmed =
    ⏳ Заказ № { $id } проверяется: подтверждение задерживается.
    Средства зарезервированы под заказ и не пропадут, дважды ничего не спишется. Мы всё проверим и сообщим вам.
order-insufficient = На балансе недостаточно средств: не хватает { $missing }. Ничего не списано.
order-already-placed = Этот заказ уже оформлен под № { $id }. Повторно ничего не списано.
order-price-changed = Пока вы решали, цена изменилась: теперь сумма { $total }. Ничего не списано; пожалуйста, оформите заказ заново.
order-again-limits = Теперь эту услугу можно заказать в количестве от { $min } до { $max }, поэтому повторить заказ на { $quantity } не получится. Оформите новый заказ с подходящим количеством.
reason-link = по этой ссылке заказ выполнить нельзя. Проверьте, что она открытая и правильная.
reason-quantity = такое количество по этой ссылке сейчас заказать нельзя.
reason-duplicate = по этой ссылке ещё выполняется заказ. Дождитесь его завершения.
reason-busy = заказы сейчас временно не принимаются. Попробуйте через несколько минут.
reason-unavailable = услуга временно недоступна. Попробуйте позже или выберите другую.

orders-empty = У вас пока нет заказов.
orders-text = 📦 <b>Мои заказы</b> ({ $count ->
        [one] { $count } заказ
        [few] { $count } заказа
       *[many] { $count } заказов
    }), сначала новые:
order-details =
    📄 <b>Заказ № { $id }</b>
    Услуга: { $service }
    Ссылка: { $link }
    Количество: { $quantity }{ $details }
    Оплачено: { $charge }
    Статус: <b>{ $state }</b>{ $progress }
    Создан: { $created }
state-submitting = отправляется
state-placed = принят
state-rejected = отклонён, деньги возвращены
state-unknown_outcome = проверяется
state-pending = ожидает запуска
state-in_progress = выполняется
state-completed = выполнен
state-partial = выполнен частично
state-canceled = отменён
state-refunded = средства возвращены
state-failed = не выполнен

balance-text = 💰 Ваш баланс: <b>{ $balance }</b>
    Последние операции:
balance-no-movements = пока нет.
balance-topup-hint = { $support_via ->
    [none] Пополнение в этом магазине пока недоступно.
   *[other] { support-for-top-up }
}
ledger-admin_credit = пополнение
ledger-order_charge = заказ № { $reference }
ledger-order_refund = возврат за заказ № { $reference }

credit-usage = Использование: /credit &lt;user_id&gt; &lt;сумма&gt; [причина]
credit-done = Пользователю { $user } зачислено { $amount }. Его баланс: { $balance }.
credit-unknown-user = Пользователь { $user } ещё не запускал бота: ничего не зачислено.
credit-duplicate = Эта команда уже выполнена: повторно ничего не зачислено.
credit-received = 💰 Ваш баланс пополнен на { $amount }. Баланс: { $balance }.

btn-all-at-once = ⚡ Всё сразу
ask-comments =
    Отправьте комментарии, по одному в строке: каждая строка — один комментарий.
    От { $min } до { $max } строк.
comments-too-few = Слишком мало комментариев: нужно не меньше { $min } строк, по одному комментарию в строке.
comments-too-many = Слишком много комментариев: не больше { $max } строк.
comments-too-long = Комментарий в строке { $line } слишком длинный. Сократите его, пожалуйста.
ask-poll-answer = За какой вариант голосовать? Отправьте его номер в опросе (1 — первый вариант).
poll-answer-invalid = Отправьте номер варианта, от 1 до { $max }.
ask-dripfeed =
    Всё сразу: { $quantity } за { $price }.
    Или по частям: каждый запуск выполняет { $quantity } и оплачивается отдельно. Отправьте число запусков и минуты между ними, например «{ $runs } { $interval }»: { $runs ->
        [one] { $runs } запуск
        [few] { $runs } запуска
       *[many] { $runs } запусков
    } каждые { $interval } мин — всего { $total } за { $total_price }.
dripfeed-invalid = Отправьте два числа: запуски (от 2 до 100) и минуты между ними (от 1 до 1440), например «5 30». Или нажмите «Всё сразу».
order-comments = Комментариев: { $count }
order-poll-answer = Вариант в опросе: № { $answer }
order-dripfeed = По частям: { $runs ->
        [one] { $runs } запуск
        [few] { $runs } запуска
       *[many] { $runs } запусков
    } × { $quantity }, каждые { $interval } мин (всего { $total })
confirm-subscribers = Сейчас в канале подписчиков: { $count }.

## Referrals (issue 15)
btn-invite = 👥 Пригласить друзей
referral-screen =
    👥 <b>Пригласить друзей</b>

    Поделитесь своей личной ссылкой. Когда кто-то откроет магазин по ней, вы будете получать { $percent }% от суммы каждого выполненного заказа этого человека — прямо на баланс.

    { $link }

    Пришли по вашей ссылке: { $joined }
    Заработано: { $earned }
referral-off = Сейчас программа приглашений не работает.
referral-earned =
    🎁 { $level ->
        [1] Приглашённый вами друг
       *[other] Человек, которого пригласил ваш друг,
    } завершил заказ: на ваш баланс зачислено { $amount }.
    Баланс: { $balance }
ledger-referral_commission = бонус за заказ приглашённого друга
ledger-referral_reversal = бонус за приглашение списан после возврата

## The "API" screen under the balance: a customer's key to the shop's panel API (issue 16).
api-btn = 🔌 API
api-text =
    🔌 <b>API для реселлеров</b>
    Продавайте наши услуги через свою панель или бота. API устроен как API v2 SMM-панелей: действия <code>services</code>, <code>add</code>, <code>status</code>, <code>balance</code>, <code>refill</code>, <code>refill_status</code>, <code>cancel</code>. Адрес API уточните у нас.
    Заказы через API оплачиваются с этого баланса и видны в «Моих заказах». Каждый запрос <code>add</code> — новый заказ: если ваша панель повторит запрос, вы заплатите дважды.
api-key-live = У вас есть API-ключ, создан { $since }. Он показывается только один раз; если вы его потеряли, создайте новый — старый сразу перестанет работать.
api-key-none = API-ключа у вас пока нет.
api-btn-create = 🔑 Создать ключ
api-btn-replace = 🔑 Создать новый ключ
api-btn-revoke = 🚫 Отозвать ключ
api-key-created = 🔑 Ваш новый API-ключ. Сохраните его сейчас: больше он показан не будет. Никому его не передавайте — с ним можно тратить ваш баланс.
api-key-revoked = 🚫 API-ключ отозван и больше не работает.
api-not-offered = API для вашего аккаунта недоступен. Если хотите перепродавать наши услуги, напишите в магазин.
# The Mini App: the shop as a page inside Telegram.
webapp-open = 🛍 Открыть магазин
webapp-title = Магазин
webapp-tab-shop = Магазин
webapp-tab-orders = Мои заказы
webapp-tab-balance = Баланс
webapp-search = Поиск услуг
webapp-nothing-found = Ничего не нашлось. Попробуйте другое слово.
webapp-link = Ссылка
webapp-quantity = Количество
webapp-comments = Комментарии, по одному в строке
webapp-answer-number = Номер варианта ответа, за который голосовать
webapp-limits = От { $min } до { $max }
webapp-total = Итого
webapp-continue = Продолжить
webapp-top-up = Пополнить в чате
webapp-open-chat = Вернуться в чат
webapp-your-balance = Ваш баланс
webapp-movements = Последние операции
webapp-not-signed = Откройте магазин кнопкой в чате с ботом.
webapp-failed = Что-то пошло не так. Попробуйте ещё раз чуть позже.
webapp-short-top-up = Нажмите «Пополнить в чате»: счёт придёт в чат, и после оплаты заказ оформится сам по этой цене.
webapp-top-up-in-chat = Счёт ждёт вас в чате. Как только он будет оплачен, заказ оформится сам.
webapp-expired = Это подтверждение устарело. Проверьте заказ ещё раз.
webapp-no-such-order = Такого заказа нет.
webapp-join-channel = 📢 Чтобы пользоваться магазином, сначала подпишитесь на наш канал, а затем откройте магазин снова.
