## Действия с размещённым заказом: обновить, дозаполнить, отменить; решения администратора.
## Тексты в HTML Telegram; переменные с текстом клиента или поставщика приходят экранированными.

action-btn-refresh = 🔄 Обновить
action-btn-refill = ♻️ Дозаполнить
action-btn-cancel = 🛑 Отменить заказ

action-refunded = Возвращено: <b>{ $amount }</b>
action-provider-status = Статус у поставщика: { $status }
action-checked-at = Последняя проверка: { $time }
action-refill-running = ♻️ Идёт дозаполнение.
action-cancel-pending = 🛑 Отмена запрошена: ждём ответа поставщика.

action-refreshed = 🔄 Только что проверено у поставщика.
action-just-checked = 🔄 Заказ проверяли несколько секунд назад: это самые свежие данные.
action-no-news = 🔄 У поставщика нет новостей по этому заказу. Ниже последний известный статус.
action-refresh-failed = ⚠️ Не удалось проверить у поставщика: { $reason }. Ниже последний известный статус.
action-refresh-skipped = ℹ️ Проверять нечего: { $reason }.
action-refill-requested = ♻️ Дозаполнение запрошено. Мы сообщим, когда поставщик его завершит.
action-refill-refused = ❌ Дозаполнение не запрошено: { $reason }. Ничего не изменилось.
action-cancel-requested = 🛑 Отмена запрошена. Если поставщик отменит заказ, невыполненная часть автоматически вернётся на ваш баланс, и мы сообщим об этом.
action-cancel-refused = ❌ Заказ не отменён: { $reason }. Он выполняется дальше.

action-why-no-such-order = такого заказа нет
action-why-not-placed = заказ ещё не передан поставщику
action-why-finished = заказ уже завершён
action-why-not-completed = дозаполнение возможно после выполнения заказа
action-why-not-supported = эта услуга такого не предусматривает
action-why-refill-running = дозаполнение этого заказа уже идёт
action-why-cancel-requested = отмена уже запрошена
action-why-unknown-to-provider = поставщик не находит этот заказ
action-why-refused = поставщик не принял запрос
action-why-unreachable = поставщик сейчас недоступен, попробуйте через несколько минут

action-ask-provider-id =
    Пришлите номер заказа у поставщика для заказа #{ $id }, как он указан в его панели.
    После этого заказ будет отслеживаться как обычно.
action-provider-id-invalid = Это не номер заказа: пришлите его одним словом, не длиннее 64 символов.
action-settled-placed = ✅ Заказ #{ $id } записан как размещённый, номер у поставщика { $provider_id }. Его статус отслеживается, клиент уведомлён.
action-settled-refund = ↩️ Заказ #{ $id } возвращён: { $amount } зачислено пользователю { $user }, он уведомлён.
action-already-settled = Заказ #{ $id } уже урегулирован (сейчас: { $state }). Ничего не изменилось.
action-no-such-order = Заказа #{ $id } нет.
action-provider-id-taken = Этот номер у поставщика уже принадлежит заказу #{ $holder }. Ничего не изменилось: проверьте номер и пришлите снова или нажмите «Меню».
