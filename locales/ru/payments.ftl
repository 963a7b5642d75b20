## Пополнение через Telegram Stars.
## Тексты счёта и отказы перед оплатой — простой текст (Telegram показывает их без разметки).

topup-btn = ⭐ Пополнить звёздами
topup-choose =
    ⭐ <b>Пополнение через Telegram Stars</b>
    1 звезда = { $rate }.
    Выберите сумму или отправьте число звёзд, от { $min } до { $max }.
topup-btn-amount = ⭐ { $stars } → { $amount }
topup-unavailable = Пополнение через Telegram Stars в этом магазине не подключено.{ $support_via ->
    [none] {""}
   *[other] {" "}{ support-for-top-up }
}
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

topup-refused-unavailable = Пополнение через Telegram Stars сейчас не подключено. Звёзды не списаны.
topup-refused-banned = С вашего аккаунта нельзя оплачивать в этом магазине. Звёзды не списаны.
topup-refused-invalid = Этот счёт недействителен. Откройте «Баланс» → «Пополнить», чтобы получить новый. Звёзды не списаны.
topup-refused-range = Пополнение возможно от { $min } до { $max } звёзд. Откройте «Баланс» → «Пополнить», чтобы получить новый счёт. Звёзды не списаны.
topup-refused-error = У нас что-то пошло не так. Попробуйте ещё раз через минуту. Звёзды не списаны.

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
ledger-stars_refund = возврат оплаты звёздами

## Пополнение через Crypto Pay (@CryptoBot). Описание счёта — простой текст.
crypto-btn = 💎 Оплатить криптовалютой
crypto-btn-amount = 💎 { $amount }
crypto-choose =
    💎 <b>Пополнение криптовалютой</b>
    Оплата в @CryptoBot: { $assets }; на баланс поступит ровно выбранная сумма.
    Выберите сумму или отправьте свою — от { $min } до { $max }.
crypto-not-amount = Отправьте сумму числом от { $min } до { $max }, например 15 или 12,50.
crypto-below-min = Это меньше минимума. Наименьшее пополнение — { $min }.
crypto-above-max = Это больше максимума. Наибольшее пополнение — { $max }.
crypto-invoice-description = Пополнение баланса: { $amount }
crypto-invoice =
    💎 <b>Счёт №{ $invoice }: { $amount }</b>
    Оплатите его в @CryptoBot ({ $assets }) до { $expires }.
    Деньги поступят на баланс сами через несколько мгновений после оплаты.
crypto-btn-pay = 💎 Оплатить в @CryptoBot
crypto-btn-check = 🔄 Проверить оплату
crypto-btn-new = 💎 Новое пополнение криптовалютой
crypto-in-progress = Счёт создаётся. Подождите несколько секунд и снова нажмите на сумму.
crypto-failed = Сейчас не удалось создать счёт. Деньги не списаны. Попробуйте ещё раз через несколько минут.
crypto-credited =
    ✅ Криптоплатёж получен (счёт №{ $invoice }).
    На баланс зачислено { $amount }. Баланс: <b>{ $balance }</b>
crypto-credited-for-purchase = ✅ Криптоплатёж получен (счёт №{ $invoice }): на баланс зачислено { $amount }.
crypto-already-paid = ✅ Счёт №{ $invoice } оплачен, деньги на вашем балансе.
crypto-not-paid-yet = ⏳ Пока не оплачен.
crypto-expired = ⌛ Срок счёта №{ $invoice } на { $amount } истёк, оплаты не было. Деньги не списаны — можно создать новый.
crypto-not-payable = Этот счёт нельзя оплатить. Деньги не списаны — можно создать новый.
crypto-check-failed = Сейчас не удалось проверить оплату. Попробуйте через минуту: платёж не потеряется, он будет зачислен сам.
notice-admin-crypto-attention = ⚠️ По счёту Crypto Pay №{ $invoice } пользователя { $user } пришла оплата, которая с ним не совпадает, поэтому ничего не зачислено: { $problem }. Проверьте его в @CryptoBot и, если деньги пришли, зачислите вручную через /credit.
ledger-crypto_topup = пополнение криптовалютой
topup-credited-for-purchase =
    ✅ Оплата получена: { $stars ->
        [one] { $stars } звезда
        [few] { $stars } звезды
       *[many] { $stars } звёзд
    }, на баланс зачислено { $amount }.
    Номер платежа: <code>{ $charge }</code>

cancelled-topup = Пополнение отменено.

## Промокоды на экране баланса.
promo-btn = 🎁 Промокод
promo-btn-balance = 💰 Баланс
promo-ask = 🎁 Отправьте промокод.
promo-credited = 🎉 Промокод принят: на баланс зачислено { $amount }. Баланс: <b>{ $balance }</b>
promo-discount-attached = 🎉 Промокод принят: скидка { $percent }% на следующий заказ. Новую сумму вы увидите перед подтверждением.
promo-unknown = Такого промокода нет. Проверьте его и отправьте ещё раз.
promo-expired = Срок действия этого промокода истёк.
promo-used-up = Этот промокод уже закончился.
promo-already-redeemed = Вы уже использовали этот промокод.
promo-not-new-customer = Этот промокод только для тех, кто ещё не делал заказов.
promo-discount-waiting = У вас уже есть скидка на следующий заказ. Сначала воспользуйтесь ею, а потом введите этот промокод.
promo-slowed-down = Слишком много неверных промокодов. Попробуйте снова через { $minutes ->
        [one] { $minutes } минуту
        [few] { $minutes } минуты
       *[many] { $minutes } минут
    }.
ledger-promo_credit = промокод
promo-total-discounted = <s>{ $original }</s> { $total } (промокод { $code }, −{ $percent }%)
promo-send-as-text = Пришлите промокод текстом.
