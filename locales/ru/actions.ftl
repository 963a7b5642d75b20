## Действия с размещённым заказом: обновить, докрутка, отменить; решения администратора.
## Тексты в HTML Telegram; переменные с текстом клиента или поставщика приходят экранированными.

action-btn-refresh = 🔄 Обновить
action-btn-refill = ♻️ Докрутка
action-btn-cancel = 🛑 Отменить заказ

action-refunded = Возвращено: <b>{ $amount }</b>
action-checked-at = Последняя проверка: { $time }
action-refill-running = ♻️ Идёт докрутка.
action-cancel-pending = 🛑 Отмена запрошена: ждём подтверждения.

action-refreshed = 🔄 Статус только что проверен.
action-just-checked = 🔄 Заказ проверяли несколько секунд назад: это самые свежие данные.
action-no-news = 🔄 Новостей по заказу пока нет. Ниже последний известный статус.
action-refresh-failed = ⚠️ Сейчас не удалось проверить заказ: { $reason }. Ниже последний известный статус.
action-refresh-skipped = ℹ️ Проверять нечего: { $reason }.
action-refill-requested = ♻️ Докрутка запрошена. Сообщим, когда она будет выполнена.
action-refill-refused = ❌ Докрутка не запрошена: { $reason }. Ничего не изменилось.
action-cancel-requested = 🛑 Отмена запрошена. Если заказ отменят, деньги за невыполненную часть автоматически вернутся на баланс, и мы сообщим об этом.
action-cancel-refused = ❌ Заказ не отменён: { $reason }. Он выполняется дальше.

action-why-no-such-order = такого заказа нет
action-why-not-placed = заказ ещё не передан в работу
action-why-finished = заказ уже завершён
action-why-not-completed = докрутка доступна после выполнения заказа
action-why-not-supported = эта услуга такого не предусматривает
action-why-refill-running = докрутка этого заказа уже идёт
action-why-cancel-requested = отмена уже запрошена
action-why-unknown-to-provider = заказ не найден в работе
action-why-refused = запрос не принят
action-why-unreachable = сейчас заказ не проверить, попробуйте через несколько минут

action-ask-provider-id =
    Пришлите номер заказа у поставщика для заказа #{ $id }, как он указан в его панели.
    После этого заказ будет отслеживаться как обычно.
action-provider-id-invalid = Это не номер заказа: пришлите его одним словом без запятых, не длиннее 64 символов.
action-settled-placed = ✅ Заказ #{ $id } записан как размещённый, номер у поставщика { $provider_id }. Его статус отслеживается, клиент уведомлён.
action-settled-refund = ↩️ Заказ #{ $id } возвращён: { $amount } зачислено пользователю { $user }, он уведомлён.
action-already-settled = Заказ #{ $id } уже урегулирован (сейчас: { $state }). Ничего не изменилось.
action-no-such-order = Заказа #{ $id } нет.
action-provider-id-taken = Этот номер у поставщика уже принадлежит заказу #{ $holder }. Ничего не изменилось: проверьте номер и пришлите снова или нажмите «Меню».

cancelled-step = Отменено.
