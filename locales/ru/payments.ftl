## Пополнение через Telegram Stars.
## Тексты счёта и отказы перед оплатой — простой текст (Telegram показывает их без разметки).

topup-btn = ⭐ Пополнить звёздами
topup-choose =
    ⭐ <b>Пополнение через Telegram Stars</b>
    1 звезда = { $rate }.
    Выберите сумму или отправьте число звёзд, от { $min } до { $max }.
topup-btn-amount = ⭐ { $stars } → { $amount }
topup-unavailable = Пополнение через Telegram Stars в этом магазине не подключено. Чтобы пополнить баланс, напишите в поддержку магазина.
topup-not-number = Отправьте число звёзд только цифрами, от { $min } до { $max }.
topup-below-min = Это меньше минимума. Наименьшее пополнение — { $min ->
        [one] { $min } звезда
        [few] { $min } звезды
       *[many] { $min } звёзд
    }.
topup-above-max = Это больше максимума. Наибольшее пополнение — { $max ->
        [one] { $max } звезда
        [few] { $max } звезды
       *[many] { $max } звёзд
    }.

topup-invoice-title = Пополнение баланса
topup-invoice-description = { $stars ->
        [one] { $stars } звезда
        [few] { $stars } звезды
       *[many] { $stars } звёзд
    } → { $amount } на ваш баланс в магазине.
topup-invoice-label = Пополнение

topup-credited =
    ✅ Оплата получена: { $stars ->
        [one] { $stars } звезда
        [few] { $stars } звезды
       *[many] { $stars } звёзд
    }.
    На баланс зачислено { $amount }. Баланс: <b>{ $balance }</b>
    Номер платежа: <code>{ $charge }</code>
topup-recorded =
    ✅ Оплата получена: { $stars ->
        [one] { $stars } звезда
        [few] { $stars } звезды
       *[many] { $stars } звёзд
    }. Магазин зачислит её на ваш баланс в ближайшее время.
    Номер платежа: <code>{ $charge }</code>

topup-refused-unavailable = Пополнение через Telegram Stars сейчас не подключено. Деньги не списаны.
topup-refused-banned = С вашего аккаунта нельзя оплачивать в этом магазине. Деньги не списаны.
topup-refused-invalid = Этот счёт недействителен. Откройте «Баланс» → «Пополнить», чтобы получить новый. Деньги не списаны.
topup-refused-range = Пополнение возможно от { $min } до { $max } звёзд. Откройте «Баланс» → «Пополнить», чтобы получить новый счёт. Деньги не списаны.
topup-refused-error = У нас что-то пошло не так. Попробуйте ещё раз через минуту. Деньги не списаны.

topup-refund-usage = Использование: /starsrefund &lt;telegram_payment_charge_id&gt; (покупатель видит его как «Номер платежа» под пополнением).
topup-refund-unknown = Платежа звёздами с таким номером нет.
topup-refund-already = Платёж <code>{ $charge }</code> уже возвращён: ничего не сделано.
topup-refund-short =
    ⚠️ Платёж <code>{ $charge }</code> пользователя { $user }: { $stars ->
        [one] { $stars } звезда
        [few] { $stars } звезды
       *[many] { $stars } звёзд
    }, зачислено { $credited }.
    Покупатель уже потратил часть: баланс { $balance }, после возврата станет <b>{ $after }</b>.
    Всё равно вернуть?
topup-refund-confirm = ↩️ Всё равно вернуть
topup-refund-done =
    ↩️ Возврат пользователю { $user }: { $stars ->
        [one] { $stars } звезда
        [few] { $stars } звезды
       *[many] { $stars } звёзд
    } (платёж <code>{ $charge }</code>).
    С его баланса списано { $amount }; теперь на нём { $balance }.
topup-refund-failed = Telegram не вернул платёж <code>{ $charge }</code>: { $reason }. Баланс не изменён; команду можно безопасно повторить.
topup-refund-no-answer = Telegram не ответил

## Строки выписки баланса для видов проводок этого раздела (экран ищет ledger-<вид>).
ledger-stars_topup = пополнение звёздами
ledger-stars_refund = возврат платежа звёздами
