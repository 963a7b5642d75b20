## Order updates and admin alerts sent by the notifier.

# To customers. $service is already escaped; a progress bar and the lines below may follow.
notice-order-started =
    ▶️ Ваш заказ <b>№{ $id }</b> запущен.
    { $service }
notice-order-progress =
    ⏳ Ваш заказ <b>№{ $id }</b> выполняется.
    { $service }
notice-order-completed =
    ✅ Ваш заказ <b>№{ $id }</b> выполнен.
    { $service }
notice-order-partial =
    ⚠️ Ваш заказ <b>№{ $id }</b> выполнен частично.
    { $service }
notice-order-canceled =
    ❌ Ваш заказ <b>№{ $id }</b> отменён.
    { $service }
notice-order-refunded =
    ↩️ Средства за заказ <b>№{ $id }</b> возвращены.
    { $service }
notice-order-failed =
    ❌ Ваш заказ <b>№{ $id }</b> не удалось выполнить.
    { $service }
notice-order-changed =
    📦 Статус вашего заказа <b>№{ $id }</b>: <b>{ $state }</b>.
    { $service }
notice-delivered = Выполнено: { $delivered } из { $quantity }.
notice-refunded = 💰 На ваш баланс возвращено { $amount }.
notice-refund-pending = 💰 Сумму возврата за невыполненную часть уточняем; скоро она поступит на ваш баланс.
notice-refill-done =
    🔁 Докрутка по заказу <b>№{ $id }</b> выполнена.
    { $service }
notice-refill-failed =
    🔁 Докрутку по заказу <b>№{ $id }</b> выполнить не удалось. Её можно запросить позже.
    { $service }
# Под уведомлениями о ходе заказа и на экране баланса.
notice-btn-mute-progress = 🔕 Не сообщать о ходе выполнения
notice-btn-unmute-progress = 🔔 Сообщать о ходе выполнения

# To admins.
notice-admin-unknown-outcome =
    ⚠️ <b>Заказ №{ $id }: результат неизвестен</b>
    Неизвестно, создал ли { $provider } этот заказ. Деньги покупателя ({ $charge }) удержаны.
    Причина: { $reason }

    Покупатель: <code>{ $customer }</code>
    Услуга: { $service }
    Ссылка: { $link }
    Количество: { $quantity }

    Проверьте заказ в панели поставщика и решите его здесь.
notice-btn-resolve-refund = ↩️ Не создан: вернуть деньги
notice-btn-resolve-placed = ✅ Создан
notice-admin-unknown-status =
    ❓ <b>Заказ №{ $id }</b>: { $provider } сообщает незнакомый статус: <code>{ $status }</code>
    Статус заказа не меняется, проверки продолжаются. Посмотрите его в панели поставщика.
notice-admin-attention =
    🔔 <b>Заказ №{ $id }</b> ({ $provider }) требует внимания:
    { $problem }
notice-admin-audit =
    🧾 <b>Проверка денег</b> нашла проблему: { $finding }
    Полный список: <code>smmbot audit</code> на сервере.
notice-admin-payment-not-credited =
    💳 Платёж Stars <code>{ $charge }</code> пользователя { $user } записан, но зачислить его не удалось: { $error }
    Попытка повторяется каждый раунд; клиенту сообщат, когда деньги поступят.
