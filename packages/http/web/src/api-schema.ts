// Generated from the host's OpenAPI document by `npm run openapi:types` (openapi-typescript). Do not edit.

export interface paths {
    "/v1/sales": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every sale: when it opens, its state, its schedules, its settings, and the commitment to its draw (seedHash; seed once open).
         * @description Every sale: when it opens, its state, its schedules, its settings, and the commitment to its draw (seedHash; seed once open). Needs a bearer token.
         */
        get: operations["listSales"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sales/{saleId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One sale. Its pre-queue (who entered before opensAt) takes places 1..k in ascending HMAC-SHA256(seed, token) order; seed is null until the sale opens, and SHA-256(seed) is seedHash.
         * @description One sale. Its pre-queue (who entered before opensAt) takes places 1..k in ascending HMAC-SHA256(seed, token) order; seed is null until the sale opens, and SHA-256(seed) is seedHash. Needs a bearer token.
         */
        get: operations["getSale"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sales/{saleId}/challenge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A proof-of-work challenge for entering the sale, exactly as altcha-lib (v2) createChallenge makes it: signed, expiring, bound to the sale. Solve it (altcha-lib solveChallenge, the ALTCHA widget or your own code: SHA-256 of salt + nonce + counter until the key starts with keyPrefix) and send base64 of {"challenge": <this>, "solution": {"counter", "derivedKey"}} as Pow-Solution when entering; each solution enters once. proofOfWork (a sale setting) bounds the counter, so it is the most attempts a solve takes.
         * @description A proof-of-work challenge for entering the sale, exactly as altcha-lib (v2) createChallenge makes it: signed, expiring, bound to the sale. Solve it (altcha-lib solveChallenge, the ALTCHA widget or your own code: SHA-256 of salt + nonce + counter until the key starts with keyPrefix) and send base64 of {"challenge": <this>, "solution": {"counter", "derivedKey"}} as Pow-Solution when entering; each solution enters once. proofOfWork (a sale setting) bounds the counter, so it is the most attempts a solve takes. Needs a bearer token.
         */
        get: operations["powChallenge"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sales/{saleId}/queue/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enter the waiting room of the sale. Idempotent per user: a live token is returned again. Before the sale opens the token is pre_queue; its place is drawn at opensAt. 409 sale_sold_out (naming the waiting list) or sale_closed once the sale has ended. When the sale's proofOfWork > 0, send a solved challenge of GET /v1/sales/{saleId}/challenge in the Pow-Solution header (403 pow_required, pow_invalid).
         * @description Enter the waiting room of the sale. Idempotent per user: a live token is returned again. Before the sale opens the token is pre_queue; its place is drawn at opensAt. 409 sale_sold_out (naming the waiting list) or sale_closed once the sale has ended. When the sale's proofOfWork > 0, send a solved challenge of GET /v1/sales/{saleId}/challenge in the Pow-Solution header (403 pow_required, pow_invalid). Needs a bearer token.
         */
        post: operations["enterQueueOfSale"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sales/{saleId}/queue/tokens/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The token's state and position in the sale; counts as a heartbeat. pollAfterMs says when to ask again; an ended token carries its endReason.
         * @description The token's state and position in the sale; counts as a heartbeat. pollAfterMs says when to ask again; an ended token carries its endReason. Needs a bearer token.
         */
        get: operations["queueStatusOfSale"];
        put?: never;
        post?: never;
        /**
         * Leave the sale's queue or end the session; the token becomes expired (endReason left).
         * @description Leave the sale's queue or end the session; the token becomes expired (endReason left). Needs a bearer token.
         */
        delete: operations["leaveQueueOfSale"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sales/{saleId}/queue/tokens/{token}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The status in the sale as Server-Sent Events (`event: status`, data a QueueStatus) while the token is pre_queue or waiting, and its last status (active, or ended with its endReason: sold_out is pushed the tick the sale sells out). An open stream is a heartbeat; `: keep-alive` comments keep it open.
         * @description The status in the sale as Server-Sent Events (`event: status`, data a QueueStatus) while the token is pre_queue or waiting, and its last status (active, or ended with its endReason: sold_out is pushed the tick the sale sells out). An open stream is a heartbeat; `: keep-alive` comments keep it open. Needs a bearer token.
         */
        get: operations["queueEventsOfSale"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sales/{saleId}/waitlist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Join the waiting list (one place per user; a live place is returned again, 200). 409 waitlist_not_open until the sale is sold out. A sold-out sale's waiting list: every seat released after it sold out becomes an offer, a hold of that one seat for the first person waiting, for the sale's offerTtlSeconds; pay it with POST /v1/payments and no Queue-Token. Unpaid in time, it goes to the next person.
         * @description Join the waiting list (one place per user; a live place is returned again, 200). 409 waitlist_not_open until the sale is sold out. A sold-out sale's waiting list: every seat released after it sold out becomes an offer, a hold of that one seat for the first person waiting, for the sale's offerTtlSeconds; pay it with POST /v1/payments and no Queue-Token. Unpaid in time, it goes to the next person. Needs a bearer token.
         */
        post: operations["joinWaitlist"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sales/{saleId}/waitlist/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's place: waiting with its position, offered with the reservation to pay and when it lapses, or how it ended (purchased, expired, left).
         * @description The caller's place: waiting with its position, offered with the reservation to pay and when it lapses, or how it ended (purchased, expired, left). Needs a bearer token.
         */
        get: operations["waitlistStatus"];
        put?: never;
        post?: never;
        /**
         * Leave the waiting list; an open offer is cancelled and goes to the next person. Leaving twice is harmless.
         * @description Leave the waiting list; an open offer is cancelled and goes to the next person. Leaving twice is harmless. Needs a bearer token.
         */
        delete: operations["leaveWaitlist"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/sales/{saleId}/waitlist/me/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's place as Server-Sent Events (`event: status`, data a WaitlistStatus) while waiting; its last event is the offer, or how the place ended.
         * @description The caller's place as Server-Sent Events (`event: status`, data a WaitlistStatus) while waiting; its last event is the offer, or how the place ended. Needs a bearer token.
         */
        get: operations["waitlistEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/queue/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Enter the waiting room of the default sale. Idempotent per user: a live token is returned again. Before the sale opens the token is pre_queue; its place is drawn at opensAt. 409 sale_sold_out (naming the waiting list) or sale_closed once the sale has ended. When the sale's proofOfWork > 0, send a solved challenge of GET /v1/sales/{saleId}/challenge in the Pow-Solution header (403 pow_required, pow_invalid).
         * @description Enter the waiting room of the default sale. Idempotent per user: a live token is returned again. Before the sale opens the token is pre_queue; its place is drawn at opensAt. 409 sale_sold_out (naming the waiting list) or sale_closed once the sale has ended. When the sale's proofOfWork > 0, send a solved challenge of GET /v1/sales/{saleId}/challenge in the Pow-Solution header (403 pow_required, pow_invalid). Needs a bearer token.
         */
        post: operations["enterQueue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/queue/tokens/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The token's state and position in the default sale; counts as a heartbeat. pollAfterMs says when to ask again; an ended token carries its endReason.
         * @description The token's state and position in the default sale; counts as a heartbeat. pollAfterMs says when to ask again; an ended token carries its endReason. Needs a bearer token.
         */
        get: operations["queueStatus"];
        put?: never;
        post?: never;
        /**
         * Leave the default sale's queue or end the session; the token becomes expired (endReason left).
         * @description Leave the default sale's queue or end the session; the token becomes expired (endReason left). Needs a bearer token.
         */
        delete: operations["leaveQueue"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/queue/tokens/{token}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The status in the default sale as Server-Sent Events (`event: status`, data a QueueStatus) while the token is pre_queue or waiting, and its last status (active, or ended with its endReason: sold_out is pushed the tick the sale sells out). An open stream is a heartbeat; `: keep-alive` comments keep it open.
         * @description The status in the default sale as Server-Sent Events (`event: status`, data a QueueStatus) while the token is pre_queue or waiting, and its last status (active, or ended with its endReason: sold_out is pushed the tick the sale sells out). An open stream is a heartbeat; `: keep-alive` comments keep it open. Needs a bearer token.
         */
        get: operations["queueEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/concerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Concerts on sale.
         * @description Concerts on sale. Needs a bearer token, the Queue-Token header of the caller's active queue session, and takes the Admission-Pass of that session's status in place of the store's session check.
         */
        get: operations["listConcerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/concerts/{concertId}/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A concert's dates, each with its count of available seats.
         * @description A concert's dates, each with its count of available seats. Needs a bearer token, the Queue-Token header of the caller's active queue session, and takes the Admission-Pass of that session's status in place of the store's session check.
         */
        get: operations["listSchedules"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schedules/{scheduleId}/seats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every seat of a date, with whether it is available. The answer carries an ETag that changes when a seat is held, sold or freed: send it in If-None-Match to get 304 and no body while nothing changed.
         * @description Every seat of a date, with whether it is available. The answer carries an ETag that changes when a seat is held, sold or freed: send it in If-None-Match to get 304 and no body while nothing changed. Needs a bearer token, the Queue-Token header of the caller's active queue session, and takes the Admission-Pass of that session's status in place of the store's session check.
         */
        get: operations["listSeats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/schedules/{scheduleId}/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Which seats of a date are free, compactly: a bitmap over the seats in the order GET /v1/schedules/{scheduleId}/seats lists them (bit i, most significant first, is 1 when seat i is available), base64url; about 170 characters for 1,000 seats. ETag and If-None-Match as for the seats.
         * @description Which seats of a date are free, compactly: a bitmap over the seats in the order GET /v1/schedules/{scheduleId}/seats lists them (bit i, most significant first, is 1 when seat i is available), base64url; about 170 characters for 1,000 seats. ETag and If-None-Match as for the seats. Needs a bearer token, the Queue-Token header of the caller's active queue session, and takes the Admission-Pass of that session's status in place of the store's session check.
         */
        get: operations["seatAvailability"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reservations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Hold 1 to maxSeatsPerReservation seats of one date, all or nothing, for holdTtl.
         * @description Hold 1 to maxSeatsPerReservation seats of one date, all or nothing, for holdTtl. Needs a bearer token, the Queue-Token header of the caller's active queue session.
         */
        post: operations["holdSeats"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/reservations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's own reservation.
         * @description The caller's own reservation. Needs a bearer token.
         */
        get: operations["getReservation"];
        put?: never;
        post?: never;
        /**
         * Cancel the caller's own hold; its seats are released.
         * @description Cancel the caller's own hold; its seats are released. Needs a bearer token.
         */
        delete: operations["cancelReservation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pay for a hold from the wallet: records the payment, debits, confirms the seats and completes the queue token, all or nothing. 402 insufficient_balance means charge the wallet and pay again. A waiting-list offer (GET /v1/sales/{saleId}/waitlist/me) is paid without a Queue-Token; every other hold needs it (400 without).
         * @description Pay for a hold from the wallet: records the payment, debits, confirms the seats and completes the queue token, all or nothing. 402 insufficient_balance means charge the wallet and pay again. A waiting-list offer (GET /v1/sales/{saleId}/waitlist/me) is paid without a Queue-Token; every other hold needs it (400 without). Needs a bearer token, the Queue-Token header of the caller's active queue session, an Idempotency-Key header (a retry with the same key replays the first answer).
         */
        post: operations["pay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's own payment; refundId names its refund, null when it has none.
         * @description The caller's own payment; refundId names its refund, null when it has none. Needs a bearer token.
         */
        get: operations["getPayment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/{paymentId}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A payment's refund as it stands (pending until its seats are released and its money is back). For the payer, or an operator naming the payer in ?userId=. 404 refund_not_found when the payment has none.
         * @description A payment's refund as it stands (pending until its seats are released and its money is back). For the payer, or an operator naming the payer in ?userId=. 404 refund_not_found when the payment has none. Needs a bearer token.
         */
        get: operations["getRefund"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/payments/{paymentId}/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refund a completed payment: the money goes back to the wallet as a refund entry and the seats are released, all or nothing. By the payer before the sale's refundUntil (403 refund_not_allowed otherwise), or by an operator at any time (naming the payer in userId). A payment is refunded at most once: asking again answers the same refund.
         * @description Refund a completed payment: the money goes back to the wallet as a refund entry and the seats are released, all or nothing. By the payer before the sale's refundUntil (403 refund_not_allowed otherwise), or by an operator at any time (naming the payer in userId). A payment is refunded at most once: asking again answers the same refund. Needs a bearer token, an Idempotency-Key header (a retry with the same key replays the first answer).
         */
        post: operations["refundPayment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallet/charges": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add money to the caller's wallet. A positive safe integer up to maxCharge; the balance stays at or below maxBalance.
         * @description Add money to the caller's wallet. A positive safe integer up to maxCharge; the balance stays at or below maxBalance. Needs a bearer token, an Idempotency-Key header (a retry with the same key replays the first answer).
         */
        post: operations["charge"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/wallet": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The balance and its ledger, newest first; ?limit= (1-100, default 20) and ?cursor= page it.
         * @description The balance and its ledger, newest first; ?limit= (1-100, default 20) and ?cursor= page it. Needs a bearer token.
         */
        get: operations["wallet"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/demo/token": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Demo mode only (BOXOFFICE_SECRET unset): a signed bearer token for any user id, with the roles asked for (operator included). 404 otherwise.
         * @description Demo mode only (BOXOFFICE_SECRET unset): a signed bearer token for any user id, with the roles asked for (operator included). 404 otherwise. Needs no bearer token.
         */
        post: operations["demoToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/concerts/{concertId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Publishes a concert with its dates and seats, new or replacing the stored one whole. 409 catalog_conflict, with nothing changed, when it would drop or reprice a held or sold seat.
         * @description Publishes a concert with its dates and seats, new or replacing the stored one whole. 409 catalog_conflict, with nothing changed, when it would drop or reprice a held or sold seat. Needs a bearer token whose roles claim holds operator.
         */
        put: operations["adminPublishConcert"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/sales": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every sale with its version and live counts, by id.
         * @description Every sale with its version and live counts, by id. Needs a bearer token whose roles claim holds operator.
         */
        get: operations["adminListSales"];
        put?: never;
        /**
         * Creates a sale over published schedules; its seed is drawn now and only its seedHash shown until it opens. 409 sale_exists for an id in use.
         * @description Creates a sale over published schedules; its seed is drawn now and only its seedHash shown until it opens. 409 sale_exists for an id in use. Needs a bearer token whose roles claim holds operator.
         */
        post: operations["adminCreateSale"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/sales/{saleId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One sale with its live counts (pre-queue, waiting, active, admitted in the last minute, seats free/held/sold, the wait at the tail) and its ETag.
         * @description One sale with its live counts (pre-queue, waiting, active, admitted in the last minute, seats free/held/sold, the wait at the tail) and its ETag. Needs a bearer token whose roles claim holds operator.
         */
        get: operations["adminGetSale"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Changes a sale with a JSON merge patch of mode, settings, opensAt (before the opening) and closed: true. Needs If-Match with the ETag last read: 428 without, 412 version_conflict when another operator changed it first (nothing is changed then). Takes effect within one tick on every host.
         * @description Changes a sale with a JSON merge patch of mode, settings, opensAt (before the opening) and closed: true. Needs If-Match with the ETag last read: 428 without, 412 version_conflict when another operator changed it first (nothing is changed then). Takes effect within one tick on every host. Needs a bearer token whose roles claim holds operator.
         */
        patch: operations["adminChangeSale"];
        trace?: never;
    };
    "/v1/admin/sales/{saleId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The sale with its live counts as Server-Sent Events (`event: counts`, data an AdminSale), after every tick of this host and at least once a tick of any; `: keep-alive` comments keep it open.
         * @description The sale with its live counts as Server-Sent Events (`event: counts`, data an AdminSale), after every tick of this host and at least once a tick of any; `: keep-alive` comments keep it open. Needs a bearer token whose roles claim holds operator.
         */
        get: operations["adminSaleEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Operator actions, newest first: { id, at, actor, action, saleId, before, after }. Pass next as cursor for the older page.
         * @description Operator actions, newest first: { id, at, actor, action, saleId, before, after }. Pass next as cursor for the older page. Needs a bearer token whose roles claim holds operator.
         */
        get: operations["adminAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Domain events after ?after= (an opaque cursor; none: from the oldest kept), up to ?limit= (1-1000, default 100). A reader that always passes the next it got sees every event once, in change order within one user, schedule or sale, across host restarts.
         * @description Domain events after ?after= (an opaque cursor; none: from the oldest kept), up to ?limit= (1-1000, default 100). A reader that always passes the next it got sees every event once, in change order within one user, schedule or sale, across host restarts. Needs a bearer token whose roles claim holds operator.
         */
        get: operations["adminEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: the process answers.
         * @description Liveness: the process answers. Needs no bearer token.
         */
        get: operations["healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: the store answers.
         * @description Readiness: the store answers. Needs no bearer token.
         */
        get: operations["readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics in the text exposition format.
         * @description Prometheus metrics in the text exposition format. Needs no bearer token.
         */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document.
         * @description This OpenAPI 3.1 document, generated from the schemas that validate requests. Needs no bearer token.
         */
        get: operations["openapi"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A page that renders this document (Swagger UI, served by the host).
         * @description A page that renders this document; its scripts and styles are files of this host. Needs no bearer token.
         */
        get: operations["docs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "queue.admitted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The queue.admitted event, POSTed to BOXOFFICE_WEBHOOK_URL.
         * @description Signed as Standard Webhooks define (verify with any of their libraries and the same secret). Delivered at least once, in change order, retried until a 2xx with the same webhook-id.
         */
        post: operations["webhook_queue_admitted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "queue.ended": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The queue.ended event, POSTed to BOXOFFICE_WEBHOOK_URL.
         * @description Signed as Standard Webhooks define (verify with any of their libraries and the same secret). Delivered at least once, in change order, retried until a 2xx with the same webhook-id.
         */
        post: operations["webhook_queue_ended"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "reservation.held": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The reservation.held event, POSTed to BOXOFFICE_WEBHOOK_URL.
         * @description Signed as Standard Webhooks define (verify with any of their libraries and the same secret). Delivered at least once, in change order, retried until a 2xx with the same webhook-id.
         */
        post: operations["webhook_reservation_held"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "reservation.released": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The reservation.released event, POSTed to BOXOFFICE_WEBHOOK_URL.
         * @description Signed as Standard Webhooks define (verify with any of their libraries and the same secret). Delivered at least once, in change order, retried until a 2xx with the same webhook-id.
         */
        post: operations["webhook_reservation_released"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The payment.completed event, POSTed to BOXOFFICE_WEBHOOK_URL.
         * @description Signed as Standard Webhooks define (verify with any of their libraries and the same secret). Delivered at least once, in change order, retried until a 2xx with the same webhook-id.
         */
        post: operations["webhook_payment_completed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "payment.aborted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The payment.aborted event, POSTed to BOXOFFICE_WEBHOOK_URL.
         * @description Signed as Standard Webhooks define (verify with any of their libraries and the same secret). Delivered at least once, in change order, retried until a 2xx with the same webhook-id.
         */
        post: operations["webhook_payment_aborted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "wallet.charged": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The wallet.charged event, POSTed to BOXOFFICE_WEBHOOK_URL.
         * @description Signed as Standard Webhooks define (verify with any of their libraries and the same secret). Delivered at least once, in change order, retried until a 2xx with the same webhook-id.
         */
        post: operations["webhook_wallet_charged"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "refund.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The refund.completed event, POSTed to BOXOFFICE_WEBHOOK_URL.
         * @description Signed as Standard Webhooks define (verify with any of their libraries and the same secret). Delivered at least once, in change order, retried until a 2xx with the same webhook-id.
         */
        post: operations["webhook_refund_completed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "sale.opened": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The sale.opened event, POSTed to BOXOFFICE_WEBHOOK_URL.
         * @description Signed as Standard Webhooks define (verify with any of their libraries and the same secret). Delivered at least once, in change order, retried until a 2xx with the same webhook-id.
         */
        post: operations["webhook_sale_opened"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "sale.sold_out": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The sale.sold_out event, POSTed to BOXOFFICE_WEBHOOK_URL.
         * @description Signed as Standard Webhooks define (verify with any of their libraries and the same secret). Delivered at least once, in change order, retried until a 2xx with the same webhook-id.
         */
        post: operations["webhook_sale_sold_out"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "sale.changed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The sale.changed event, POSTed to BOXOFFICE_WEBHOOK_URL.
         * @description Signed as Standard Webhooks define (verify with any of their libraries and the same secret). Delivered at least once, in change order, retried until a 2xx with the same webhook-id.
         */
        post: operations["webhook_sale_changed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "waitlist.offered": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The waitlist.offered event, POSTed to BOXOFFICE_WEBHOOK_URL.
         * @description Signed as Standard Webhooks define (verify with any of their libraries and the same secret). Delivered at least once, in change order, retried until a 2xx with the same webhook-id.
         */
        post: operations["webhook_waitlist_offered"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /** @description A queue token became active. */
        Webhook_queue_admitted: {
            /** @enum {string} */
            type: "queue.admitted";
            /**
             * Format: date-time
             * @description When the change happened (the event's at).
             */
            timestamp: string;
            data: {
                saleId: string | null;
                userId: string | null;
                scheduleId: string | null;
                token: string;
                /**
                 * Format: int64
                 * @description Epoch milliseconds.
                 */
                activeUntil: number;
            };
        };
        /** @description A queue token ended, with the end reason its status shows. */
        Webhook_queue_ended: {
            /** @enum {string} */
            type: "queue.ended";
            /**
             * Format: date-time
             * @description When the change happened (the event's at).
             */
            timestamp: string;
            data: {
                saleId: string | null;
                userId: string | null;
                scheduleId: string | null;
                token: string;
                /** @enum {string} */
                reason: "paid" | "session_ended" | "idle" | "left" | "sold_out" | "closed";
            };
        };
        /** @description Seats were held. */
        Webhook_reservation_held: {
            /** @enum {string} */
            type: "reservation.held";
            /**
             * Format: date-time
             * @description When the change happened (the event's at).
             */
            timestamp: string;
            data: {
                saleId: string | null;
                userId: string | null;
                scheduleId: string | null;
                reservationId: string;
                seats: number[];
                /** Format: int64 */
                amount: number;
                /**
                 * Format: int64
                 * @description Epoch milliseconds.
                 */
                expiresAt: number;
            };
        };
        /** @description The seats of a hold came free: cancelled, expired, dead_claim, refund or offer_expired. */
        Webhook_reservation_released: {
            /** @enum {string} */
            type: "reservation.released";
            /**
             * Format: date-time
             * @description When the change happened (the event's at).
             */
            timestamp: string;
            data: {
                saleId: string | null;
                userId: string | null;
                scheduleId: string | null;
                reservationId: string;
                seats: number[];
                /** @enum {string} */
                reason: "cancelled" | "expired" | "dead_claim" | "refund" | "offer_expired";
            };
        };
        /** @description A payment completed: its seats are sold, its wallet debited, its session used. */
        Webhook_payment_completed: {
            /** @enum {string} */
            type: "payment.completed";
            /**
             * Format: date-time
             * @description When the change happened (the event's at).
             */
            timestamp: string;
            data: {
                saleId: string | null;
                userId: string | null;
                scheduleId: string | null;
                paymentId: string;
                reservationId: string;
                token: string;
                /**
                 * Format: int64
                 * @example 200000
                 */
                amount: number;
            };
        };
        /** @description A payment rolled back before any money moved. */
        Webhook_payment_aborted: {
            /** @enum {string} */
            type: "payment.aborted";
            /**
             * Format: date-time
             * @description When the change happened (the event's at).
             */
            timestamp: string;
            data: {
                saleId: string | null;
                userId: string | null;
                scheduleId: string | null;
                paymentId: string;
                reservationId: string;
                token: string;
                /**
                 * Format: int64
                 * @example 200000
                 */
                amount: number;
                failure: string | null;
            };
        };
        /** @description Money was added to a wallet; balance is the balance after it. */
        Webhook_wallet_charged: {
            /** @enum {string} */
            type: "wallet.charged";
            /**
             * Format: date-time
             * @description When the change happened (the event's at).
             */
            timestamp: string;
            data: {
                saleId: string | null;
                userId: string | null;
                scheduleId: string | null;
                entryId: string;
                /**
                 * Format: int64
                 * @example 200000
                 */
                amount: number;
                /** Format: int64 */
                balance: number;
            };
        };
        /** @description A payment was refunded (with the refunds feature). */
        Webhook_refund_completed: {
            /** @enum {string} */
            type: "refund.completed";
            /**
             * Format: date-time
             * @description When the change happened (the event's at).
             */
            timestamp: string;
            data: {
                saleId: string | null;
                userId: string | null;
                scheduleId: string | null;
                refundId: string;
                paymentId: string;
                reservationId: string;
                /**
                 * Format: int64
                 * @example 200000
                 */
                amount: number;
            };
        };
        /** @description A sale's queue opened: its draw is final. */
        Webhook_sale_opened: {
            /** @enum {string} */
            type: "sale.opened";
            /**
             * Format: date-time
             * @description When the change happened (the event's at).
             */
            timestamp: string;
            data: {
                saleId: string | null;
                userId: string | null;
                scheduleId: string | null;
                /**
                 * Format: int64
                 * @description Epoch milliseconds.
                 */
                openedAt: number;
            };
        };
        /** @description Every seat of a sale is sold: its queue is sealed. */
        Webhook_sale_sold_out: {
            /** @enum {string} */
            type: "sale.sold_out";
            /**
             * Format: date-time
             * @description When the change happened (the event's at).
             */
            timestamp: string;
            data: {
                saleId: string | null;
                userId: string | null;
                scheduleId: string | null;
            };
        };
        /** @description An operator changed a sale's mode, settings, opening or closing. */
        Webhook_sale_changed: {
            /** @enum {string} */
            type: "sale.changed";
            /**
             * Format: date-time
             * @description When the change happened (the event's at).
             */
            timestamp: string;
            data: {
                saleId: string | null;
                userId: string | null;
                scheduleId: string | null;
                changes: {
                    [key: string]: unknown;
                };
            };
        };
        /** @description A released seat was offered to the next person on the waiting list (with the waiting list). */
        Webhook_waitlist_offered: {
            /** @enum {string} */
            type: "waitlist.offered";
            /**
             * Format: date-time
             * @description When the change happened (the event's at).
             */
            timestamp: string;
            data: {
                saleId: string | null;
                userId: string | null;
                scheduleId: string | null;
                reservationId: string;
                /**
                 * Format: int64
                 * @description Epoch milliseconds.
                 */
                expiresAt: number;
            };
        };
        /** @description RFC 9457 problem details carrying the domain error code. */
        Problem: {
            type: string;
            title: string;
            /** Format: int32 */
            status: number;
            detail: string;
            /** @description The stable domain error code. */
            code: string;
            requestId?: string;
        } & {
            [key: string]: unknown;
        };
        Sale: {
            id: string;
            name: string;
            scheduleIds: string[];
            /** Format: date-time */
            opensAt: string;
            /** @enum {string} */
            state: "scheduled" | "open" | "sold_out" | "closed";
            /** @enum {string} */
            mode: "queue" | "paused" | "passthrough" | "reject";
            /** @description SHA-256 of the draw seed's bytes, hex: public from creation. */
            seedHash: string;
            /** @description The draw seed, hex: null until the sale opens. The pre-queue's places follow ascending HMAC-SHA256(seed, token). */
            seed: string | null;
            settings: components["schemas"]["SaleSettings"];
        };
        /** @description The sale's own settings, else the host's. */
        SaleSettings: {
            /** Format: int64 */
            maxActive: number;
            /** Format: int64 */
            admitPerMinute: number;
            sessionTtlSeconds: number;
            idleTimeoutSeconds: number;
            holdTtlSeconds: number;
            /** Format: int64 */
            maxSeatsPerUser: number;
            /** Format: int64 */
            proofOfWork: number;
            /** Format: date-time */
            refundUntil: string | null;
            offerTtlSeconds: number;
        };
        /** @description Solve: find counter such that SHA-256(salt || nonce || uint32be(counter)) starts with keyPrefix. */
        PowChallenge: {
            parameters: {
                /** @example SHA-256 */
                algorithm: string;
                /**
                 * Format: int32
                 * @description Key derivation rounds per attempt.
                 */
                cost: number;
                /** @description Signed: the sale this challenge enters. */
                data: {
                    saleId: string;
                };
                /**
                 * Format: int64
                 * @description Epoch seconds.
                 */
                expiresAt: number;
                /** Format: int32 */
                keyLength: number;
                /** @description The derived key must start with this. */
                keyPrefix: string;
                keySignature?: string;
                nonce: string;
                salt: string;
            };
            signature: string;
        };
        QueueStatus: {
            token: string;
            /**
             * @description pre_queue: entered before the sale opens; the place is drawn at opensAt. Then waiting, active, and completed or expired.
             * @enum {string}
             */
            state: "pre_queue" | "waiting" | "active" | "completed" | "expired";
            saleId: string;
            /**
             * @description The sale's mode.
             * @enum {string}
             */
            mode: "queue" | "paused" | "passthrough" | "reject";
            /**
             * Format: date-time
             * @description When the sale opens (the pre-queue's countdown); null for a sale open since ever.
             */
            opensAt: string | null;
            /**
             * Format: int64
             * @description 1-based; waiting tokens only.
             */
            position: number | null;
            /**
             * Format: int64
             * @description The expected wait, from the admissions measured recently; waiting tokens only.
             */
            etaSeconds: number | null;
            /** Format: date-time */
            activeUntil: string | null;
            /**
             * Format: int64
             * @description When to poll again; 0 once the token has ended.
             */
            pollAfterMs: number;
            /**
             * @description Why an ended token ended; null while it is live.
             * @enum {string|null}
             */
            endReason: "paid" | "session_ended" | "idle" | "left" | "sold_out" | "closed" | null;
        };
        WaitlistStatus: {
            saleId: string;
            /** @enum {string} */
            state: "waiting" | "offered" | "purchased" | "expired" | "left";
            /**
             * Format: int64
             * @description While waiting: 1-based among the people waiting without an offer.
             */
            position: number | null;
            /** @description The offer: a hold of one seat in your name; pay it with POST /v1/payments, no Queue-Token. */
            reservationId: string | null;
            /**
             * Format: date-time
             * @description When the offer lapses and goes to the next person.
             */
            expiresAt: string | null;
        };
        Concert: {
            id: string;
            name: string;
            venue: string | null;
        };
        Schedule: {
            id: string;
            concertId: string;
            /** Format: date-time */
            startsAt: string;
            /** Format: int64 */
            totalSeats: number;
            /** Format: int64 */
            availableSeats: number;
        };
        Seat: {
            /** Format: int64 */
            number: number;
            /** Format: int64 */
            price: number;
            grade: string | null;
            available: boolean;
        };
        SeatAvailability: {
            /**
             * Format: int64
             * @description How many seats the date has: the bitmap's length in bits.
             */
            seats: number;
            /**
             * Format: int64
             * @description How many of them are available.
             */
            free: number;
            /** @description base64url (no padding) of the bitmap: bit i, most significant bit of each byte first, is 1 when the i-th seat of the seat list is available. */
            available: string;
        };
        Reservation: {
            id: string;
            userId: string;
            scheduleId: string;
            seats: number[];
            /** Format: int64 */
            amount: number;
            /** @enum {string} */
            state: "held" | "paying" | "confirmed" | "cancelled" | "expired" | "refunded";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string;
            paymentId: string | null;
        };
        HoldRequest: {
            scheduleId: string;
            seats: number[];
        };
        Payment: {
            id: string;
            userId: string;
            reservationId: string;
            /** Format: int64 */
            amount: number;
            /** @enum {string} */
            state: "pending" | "debited" | "completed" | "aborted";
            failure: string | null;
            /** @description The payment's refund (GET /v1/payments/{paymentId}/refund), or null when it has none. */
            refundId: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        PayRequest: {
            reservationId: string;
        };
        Refund: {
            id: string;
            paymentId: string;
            userId: string;
            reservationId: string;
            /** Format: int64 */
            amount: number;
            /**
             * @description completed: the seats are released and the money is back in the wallet.
             * @enum {string}
             */
            state: "pending" | "completed";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        RefundRequest: {
            /** @description The payer, for an operator refunding another user's payment (the payment.completed event names both). Default: the caller. */
            userId?: string;
        };
        Charge: {
            /** Format: int64 */
            balance: number;
            entry: components["schemas"]["LedgerEntry"];
        };
        LedgerEntry: {
            id: string;
            /** @enum {string} */
            type: "charge" | "payment" | "refund";
            /**
             * Format: int64
             * @example 200000
             */
            amount: number;
            /** Format: int64 */
            balanceAfter: number;
            /** Format: date-time */
            at: string;
            /** @description The charge's Idempotency-Key, the payment id, or the refund id. */
            ref: string;
        };
        ChargeRequest: {
            /**
             * Format: int64
             * @example 200000
             */
            amount: number;
        };
        Wallet: {
            /** Format: int64 */
            balance: number;
            history: components["schemas"]["LedgerEntry"][];
            nextCursor: string | null;
        };
        DemoToken: {
            token: string;
        };
        DemoTokenRequest: {
            userId: string;
            /** @description Roles the token grants: operator opens the /v1/admin routes. */
            roles?: string[];
        };
        /** @description What was published: the concert and the number of seats of each date. */
        ConcertPublished: {
            id: string;
            name: string;
            venue: string | null;
            schedules: {
                id: string;
                /** Format: date-time */
                startsAt: string;
                /** Format: int64 */
                seats: number;
            }[];
        };
        /** @description A concert with its dates and seats, replacing the stored one whole. */
        ConcertInput: {
            /** @description When given, the same as the path's concertId. */
            id?: string;
            name: string;
            venue?: string | null;
            schedules: {
                id: string;
                /** Format: date-time */
                startsAt: string;
                seats: {
                    /** Format: int64 */
                    number: number;
                    /** Format: int64 */
                    price: number;
                    grade?: string | null;
                }[];
            }[];
        };
        AdminSale: components["schemas"]["Sale"] & {
            /**
             * Format: int64
             * @description Grows with every change; the ETag is its quoted form.
             */
            version: number;
            counts: components["schemas"]["SaleCounts"];
        };
        SaleCounts: {
            /** Format: int64 */
            preQueue: number;
            /** Format: int64 */
            waiting: number;
            /** Format: int64 */
            active: number;
            /** Format: int64 */
            admittedLastMinute: number;
            seats: {
                /** Format: int64 */
                free: number;
                /** Format: int64 */
                held: number;
                /** Format: int64 */
                sold: number;
            };
            /**
             * Format: int64
             * @description The wait the last place in line is told; 0 when nobody waits.
             */
            etaTailSeconds: number;
        };
        SaleCreateRequest: {
            id: string;
            name?: string;
            scheduleIds: string[];
            /**
             * Format: date-time
             * @description ISO 8601 with a zone; omitted = open now.
             */
            opensAt?: string;
            /** @enum {string} */
            mode?: "queue" | "paused" | "passthrough" | "reject";
            settings?: {
                /** Format: int64 */
                maxActive?: number;
                /** Format: int64 */
                admitPerMinute?: number;
                sessionTtlSeconds?: number;
                idleTimeoutSeconds?: number;
                holdTtlSeconds?: number;
                /** Format: int64 */
                maxSeatsPerUser?: number;
                /** Format: int64 */
                proofOfWork?: number;
                /** Format: date-time */
                refundUntil?: string | null;
                offerTtlSeconds?: number;
            };
        };
        /** @description A JSON merge patch (RFC 7396) of the sale. */
        SalePatch: {
            /** @enum {string} */
            mode?: "queue" | "paused" | "passthrough" | "reject";
            /** @description Merged into the sale's own settings; a null member drops that one, a null settings drops all (the host's defaults apply). */
            settings?: {
                /** Format: int64 */
                maxActive?: number | null;
                /** Format: int64 */
                admitPerMinute?: number | null;
                sessionTtlSeconds?: number | null;
                idleTimeoutSeconds?: number | null;
                holdTtlSeconds?: number | null;
                /** Format: int64 */
                maxSeatsPerUser?: number | null;
                /** Format: int64 */
                proofOfWork?: number | null;
                /** Format: date-time */
                refundUntil?: string | null;
                offerTtlSeconds?: number | null;
            } | null;
            /**
             * Format: date-time
             * @description Only before the sale opens.
             */
            opensAt?: string;
            /**
             * @description Closes the sale for good: its pre_queue and waiting tokens end with endReason closed.
             * @enum {boolean}
             */
            closed?: true;
        };
        AuditPage: {
            entries: components["schemas"]["AuditEntry"][];
            next: string | null;
        };
        AuditEntry: {
            id: string;
            /** Format: date-time */
            at: string;
            actor: string;
            action: string;
            saleId: string | null;
            /** @description What the action changed, as it was (null for a creation). */
            before: {
                [key: string]: unknown;
            } | null;
            /** @description The same fields after the action. */
            after: {
                [key: string]: unknown;
            } | null;
        };
        EventsPage: {
            events: components["schemas"]["DomainEvent"][];
            /** @description Pass it as ?after= for the following page; the same cursor when no event was new. */
            next: string;
        };
        /** @description One domain event: { id, type, at, saleId, userId, scheduleId, data }; ids that do not apply are null. */
        DomainEvent: components["schemas"]["Event_queue_admitted"] | components["schemas"]["Event_queue_ended"] | components["schemas"]["Event_reservation_held"] | components["schemas"]["Event_reservation_released"] | components["schemas"]["Event_payment_completed"] | components["schemas"]["Event_payment_aborted"] | components["schemas"]["Event_wallet_charged"] | components["schemas"]["Event_refund_completed"] | components["schemas"]["Event_sale_opened"] | components["schemas"]["Event_sale_sold_out"] | components["schemas"]["Event_sale_changed"] | components["schemas"]["Event_waitlist_offered"];
        /** @description A queue token became active. */
        Event_queue_admitted: {
            /** @description Unique and stable: the webhook-id of its delivery. */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "queue.admitted";
            /**
             * Format: int64
             * @description When the change happened, epoch milliseconds.
             */
            at: number;
            saleId: string | null;
            userId: string | null;
            scheduleId: string | null;
            data: {
                token: string;
                /**
                 * Format: int64
                 * @description Epoch milliseconds.
                 */
                activeUntil: number;
            };
        };
        /** @description A queue token ended, with the end reason its status shows. */
        Event_queue_ended: {
            /** @description Unique and stable: the webhook-id of its delivery. */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "queue.ended";
            /**
             * Format: int64
             * @description When the change happened, epoch milliseconds.
             */
            at: number;
            saleId: string | null;
            userId: string | null;
            scheduleId: string | null;
            data: {
                token: string;
                /** @enum {string} */
                reason: "paid" | "session_ended" | "idle" | "left" | "sold_out" | "closed";
            };
        };
        /** @description Seats were held. */
        Event_reservation_held: {
            /** @description Unique and stable: the webhook-id of its delivery. */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "reservation.held";
            /**
             * Format: int64
             * @description When the change happened, epoch milliseconds.
             */
            at: number;
            saleId: string | null;
            userId: string | null;
            scheduleId: string | null;
            data: {
                reservationId: string;
                seats: number[];
                /** Format: int64 */
                amount: number;
                /**
                 * Format: int64
                 * @description Epoch milliseconds.
                 */
                expiresAt: number;
            };
        };
        /** @description The seats of a hold came free: cancelled, expired, dead_claim, refund or offer_expired. */
        Event_reservation_released: {
            /** @description Unique and stable: the webhook-id of its delivery. */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "reservation.released";
            /**
             * Format: int64
             * @description When the change happened, epoch milliseconds.
             */
            at: number;
            saleId: string | null;
            userId: string | null;
            scheduleId: string | null;
            data: {
                reservationId: string;
                seats: number[];
                /** @enum {string} */
                reason: "cancelled" | "expired" | "dead_claim" | "refund" | "offer_expired";
            };
        };
        /** @description A payment completed: its seats are sold, its wallet debited, its session used. */
        Event_payment_completed: {
            /** @description Unique and stable: the webhook-id of its delivery. */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "payment.completed";
            /**
             * Format: int64
             * @description When the change happened, epoch milliseconds.
             */
            at: number;
            saleId: string | null;
            userId: string | null;
            scheduleId: string | null;
            data: {
                paymentId: string;
                reservationId: string;
                token: string;
                /**
                 * Format: int64
                 * @example 200000
                 */
                amount: number;
            };
        };
        /** @description A payment rolled back before any money moved. */
        Event_payment_aborted: {
            /** @description Unique and stable: the webhook-id of its delivery. */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "payment.aborted";
            /**
             * Format: int64
             * @description When the change happened, epoch milliseconds.
             */
            at: number;
            saleId: string | null;
            userId: string | null;
            scheduleId: string | null;
            data: {
                paymentId: string;
                reservationId: string;
                token: string;
                /**
                 * Format: int64
                 * @example 200000
                 */
                amount: number;
                failure: string | null;
            };
        };
        /** @description Money was added to a wallet; balance is the balance after it. */
        Event_wallet_charged: {
            /** @description Unique and stable: the webhook-id of its delivery. */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "wallet.charged";
            /**
             * Format: int64
             * @description When the change happened, epoch milliseconds.
             */
            at: number;
            saleId: string | null;
            userId: string | null;
            scheduleId: string | null;
            data: {
                entryId: string;
                /**
                 * Format: int64
                 * @example 200000
                 */
                amount: number;
                /** Format: int64 */
                balance: number;
            };
        };
        /** @description A payment was refunded (with the refunds feature). */
        Event_refund_completed: {
            /** @description Unique and stable: the webhook-id of its delivery. */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "refund.completed";
            /**
             * Format: int64
             * @description When the change happened, epoch milliseconds.
             */
            at: number;
            saleId: string | null;
            userId: string | null;
            scheduleId: string | null;
            data: {
                refundId: string;
                paymentId: string;
                reservationId: string;
                /**
                 * Format: int64
                 * @example 200000
                 */
                amount: number;
            };
        };
        /** @description A sale's queue opened: its draw is final. */
        Event_sale_opened: {
            /** @description Unique and stable: the webhook-id of its delivery. */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "sale.opened";
            /**
             * Format: int64
             * @description When the change happened, epoch milliseconds.
             */
            at: number;
            saleId: string | null;
            userId: string | null;
            scheduleId: string | null;
            data: {
                /**
                 * Format: int64
                 * @description Epoch milliseconds.
                 */
                openedAt: number;
            };
        };
        /** @description Every seat of a sale is sold: its queue is sealed. */
        Event_sale_sold_out: {
            /** @description Unique and stable: the webhook-id of its delivery. */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "sale.sold_out";
            /**
             * Format: int64
             * @description When the change happened, epoch milliseconds.
             */
            at: number;
            saleId: string | null;
            userId: string | null;
            scheduleId: string | null;
            data: Record<string, never>;
        };
        /** @description An operator changed a sale's mode, settings, opening or closing. */
        Event_sale_changed: {
            /** @description Unique and stable: the webhook-id of its delivery. */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "sale.changed";
            /**
             * Format: int64
             * @description When the change happened, epoch milliseconds.
             */
            at: number;
            saleId: string | null;
            userId: string | null;
            scheduleId: string | null;
            data: {
                changes: {
                    [key: string]: unknown;
                };
            };
        };
        /** @description A released seat was offered to the next person on the waiting list (with the waiting list). */
        Event_waitlist_offered: {
            /** @description Unique and stable: the webhook-id of its delivery. */
            id: string;
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "waitlist.offered";
            /**
             * Format: int64
             * @description When the change happened, epoch milliseconds.
             */
            at: number;
            saleId: string | null;
            userId: string | null;
            scheduleId: string | null;
            data: {
                reservationId: string;
                /**
                 * Format: int64
                 * @description Epoch milliseconds.
                 */
                expiresAt: number;
            };
        };
        Health: {
            /** @enum {string} */
            status: "ok";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listSales: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sales, by id. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sale"][];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getSale: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                saleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sale. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sale"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    powChallenge: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                saleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The challenge. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PowChallenge"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    enterQueueOfSale: {
        parameters: {
            query?: never;
            header?: {
                /** @description base64 of the JSON {"challenge": <GET /v1/sales/{saleId}/challenge>, "solution": {"counter", "derivedKey"}}; needed when the sale's proofOfWork > 0. */
                "Pow-Solution"?: string;
            };
            path: {
                saleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's live token. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description A signed admission pass: the status of an active token carries one in this header. Send it back with the Queue-Token on the gated reads (concerts, schedules, seat map) and they skip the store's session check. It expires at the session's end or 60 s after it was issued, whichever is first; holds and payments ignore it. A forged, expired or mismatched pass is 403 pass_invalid. */
                    "Admission-Pass"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueStatus"];
                };
            };
            /** @description A new token (active at once under passthrough, with its Admission-Pass). */
            201: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description A signed admission pass: the status of an active token carries one in this header. Send it back with the Queue-Token on the gated reads (concerts, schedules, seat map) and they skip the store's session check. It expires at the session's end or 60 s after it was issued, whichever is first; holds and payments ignore it. A forged, expired or mismatched pass is 403 pass_invalid. */
                    "Admission-Pass"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueStatus"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A conflict: seat_unavailable, purchase_limit (seats held plus bought in the sale would pass maxSeatsPerUser), payment_in_progress, payment_aborted, session_used, reservation_not_held, idempotency_conflict, catalog_conflict; sale_sold_out, sale_closed or sale_not_accepting on entry; sale_exists. */
            409: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    queueStatusOfSale: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                saleId: string;
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The status; an active token's carries its Admission-Pass header. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description A signed admission pass: the status of an active token carries one in this header. Send it back with the Queue-Token on the gated reads (concerts, schedules, seat map) and they skip the store's session check. It expires at the session's end or 60 s after it was issued, whichever is first; holds and payments ignore it. A forged, expired or mismatched pass is 403 pass_invalid. */
                    "Admission-Pass"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueStatus"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    leaveQueueOfSale: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                saleId: string;
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Left. */
            204: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    queueEventsOfSale: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                saleId: string;
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream of QueueStatus. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["QueueStatus"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    joinWaitlist: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                saleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's live place. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WaitlistStatus"];
                };
            };
            /** @description A new place. */
            201: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WaitlistStatus"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A conflict: seat_unavailable, purchase_limit (seats held plus bought in the sale would pass maxSeatsPerUser), payment_in_progress, payment_aborted, session_used, reservation_not_held, idempotency_conflict, catalog_conflict; sale_sold_out, sale_closed or sale_not_accepting on entry; sale_exists. */
            409: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    waitlistStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                saleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The place. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WaitlistStatus"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    leaveWaitlist: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                saleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Left. */
            204: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    waitlistEvents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                saleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream of WaitlistStatus. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["WaitlistStatus"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    enterQueue: {
        parameters: {
            query?: never;
            header?: {
                /** @description base64 of the JSON {"challenge": <GET /v1/sales/{saleId}/challenge>, "solution": {"counter", "derivedKey"}}; needed when the sale's proofOfWork > 0. */
                "Pow-Solution"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's live token. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description A signed admission pass: the status of an active token carries one in this header. Send it back with the Queue-Token on the gated reads (concerts, schedules, seat map) and they skip the store's session check. It expires at the session's end or 60 s after it was issued, whichever is first; holds and payments ignore it. A forged, expired or mismatched pass is 403 pass_invalid. */
                    "Admission-Pass"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueStatus"];
                };
            };
            /** @description A new token (active at once under passthrough, with its Admission-Pass). */
            201: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description A signed admission pass: the status of an active token carries one in this header. Send it back with the Queue-Token on the gated reads (concerts, schedules, seat map) and they skip the store's session check. It expires at the session's end or 60 s after it was issued, whichever is first; holds and payments ignore it. A forged, expired or mismatched pass is 403 pass_invalid. */
                    "Admission-Pass"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueStatus"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A conflict: seat_unavailable, purchase_limit (seats held plus bought in the sale would pass maxSeatsPerUser), payment_in_progress, payment_aborted, session_used, reservation_not_held, idempotency_conflict, catalog_conflict; sale_sold_out, sale_closed or sale_not_accepting on entry; sale_exists. */
            409: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    queueStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The status; an active token's carries its Admission-Pass header. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description A signed admission pass: the status of an active token carries one in this header. Send it back with the Queue-Token on the gated reads (concerts, schedules, seat map) and they skip the store's session check. It expires at the session's end or 60 s after it was issued, whichever is first; holds and payments ignore it. A forged, expired or mismatched pass is 403 pass_invalid. */
                    "Admission-Pass"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueStatus"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    leaveQueue: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Left. */
            204: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    queueEvents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream of QueueStatus. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["QueueStatus"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listConcerts: {
        parameters: {
            query?: never;
            header: {
                /** @description An active queue token of the same user. */
                "Queue-Token": string;
                /** @description A signed admission pass: the status of an active token carries one in this header. Send it back with the Queue-Token on the gated reads (concerts, schedules, seat map) and they skip the store's session check. It expires at the session's end or 60 s after it was issued, whichever is first; holds and payments ignore it. A forged, expired or mismatched pass is 403 pass_invalid. */
                "Admission-Pass"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every concert. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Concert"][];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSchedules: {
        parameters: {
            query?: never;
            header: {
                /** @description An active queue token of the same user. */
                "Queue-Token": string;
                /** @description A signed admission pass: the status of an active token carries one in this header. Send it back with the Queue-Token on the gated reads (concerts, schedules, seat map) and they skip the store's session check. It expires at the session's end or 60 s after it was issued, whichever is first; holds and payments ignore it. A forged, expired or mismatched pass is 403 pass_invalid. */
                "Admission-Pass"?: string;
            };
            path: {
                concertId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The dates. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Schedule"][];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    listSeats: {
        parameters: {
            query?: never;
            header: {
                /** @description The ETag of the seat map last read: 304 with no body while no seat changed. */
                "If-None-Match"?: string;
                /** @description An active queue token of the same user. */
                "Queue-Token": string;
                /** @description A signed admission pass: the status of an active token carries one in this header. Send it back with the Queue-Token on the gated reads (concerts, schedules, seat map) and they skip the store's session check. It expires at the session's end or 60 s after it was issued, whichever is first; holds and payments ignore it. A forged, expired or mismatched pass is 403 pass_invalid. */
                "Admission-Pass"?: string;
            };
            path: {
                scheduleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The seats. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description The seat map's version (weak): send it back in If-None-Match. */
                    ETag: string;
                    /** @description private, no-cache: revalidate with the ETag on every read. */
                    "Cache-Control": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Seat"][];
                };
            };
            /** @description Not modified: no seat changed since the ETag sent in If-None-Match. */
            304: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description The seat map's version (weak): send it back in If-None-Match. */
                    ETag: string;
                    /** @description private, no-cache: revalidate with the ETag on every read. */
                    "Cache-Control": string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    seatAvailability: {
        parameters: {
            query?: never;
            header: {
                /** @description The ETag of the seat map last read: 304 with no body while no seat changed. */
                "If-None-Match"?: string;
                /** @description An active queue token of the same user. */
                "Queue-Token": string;
                /** @description A signed admission pass: the status of an active token carries one in this header. Send it back with the Queue-Token on the gated reads (concerts, schedules, seat map) and they skip the store's session check. It expires at the session's end or 60 s after it was issued, whichever is first; holds and payments ignore it. A forged, expired or mismatched pass is 403 pass_invalid. */
                "Admission-Pass"?: string;
            };
            path: {
                scheduleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The availability bitmap. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description The seat map's version (weak): send it back in If-None-Match. */
                    ETag: string;
                    /** @description private, no-cache: revalidate with the ETag on every read. */
                    "Cache-Control": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SeatAvailability"];
                };
            };
            /** @description Not modified: no seat changed since the ETag sent in If-None-Match. */
            304: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description The seat map's version (weak): send it back in If-None-Match. */
                    ETag: string;
                    /** @description private, no-cache: revalidate with the ETag on every read. */
                    "Cache-Control": string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    holdSeats: {
        parameters: {
            query?: never;
            header: {
                /** @description An active queue token of the same user. */
                "Queue-Token": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HoldRequest"];
            };
        };
        responses: {
            /** @description The hold. */
            201: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Reservation"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description request_timeout: the body did not arrive in time. */
            408: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A conflict: seat_unavailable, purchase_limit (seats held plus bought in the sale would pass maxSeatsPerUser), payment_in_progress, payment_aborted, session_used, reservation_not_held, idempotency_conflict, catalog_conflict; sale_sold_out, sale_closed or sale_not_accepting on entry; sale_exists. */
            409: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: bodies are at most 16 KiB. */
            413: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: send application/json. */
            415: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getReservation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The reservation. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Reservation"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    cancelReservation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled (or already ended). */
            204: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A conflict: seat_unavailable, purchase_limit (seats held plus bought in the sale would pass maxSeatsPerUser), payment_in_progress, payment_aborted, session_used, reservation_not_held, idempotency_conflict, catalog_conflict; sale_sold_out, sale_closed or sale_not_accepting on entry; sale_exists. */
            409: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    pay: {
        parameters: {
            query?: never;
            header: {
                /** @description An active queue token of the same user. */
                "Queue-Token"?: string;
                /** @description Unique per user action; reuse it on retry (IETF httpapi Idempotency-Key). */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PayRequest"];
            };
        };
        responses: {
            /** @description The completed payment. */
            201: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Payment"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description insufficient_balance: charge the wallet and pay again. */
            402: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description request_timeout: the body did not arrive in time. */
            408: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A conflict: seat_unavailable, purchase_limit (seats held plus bought in the sale would pass maxSeatsPerUser), payment_in_progress, payment_aborted, session_used, reservation_not_held, idempotency_conflict, catalog_conflict; sale_sold_out, sale_closed or sale_not_accepting on entry; sale_exists. */
            409: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description hold_expired. */
            410: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: bodies are at most 16 KiB. */
            413: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: send application/json. */
            415: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_amount, balance_limit or idempotency_mismatch. */
            422: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getPayment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The payment. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Payment"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    getRefund: {
        parameters: {
            query?: {
                /** @description The payer, for an operator reading another user's refund. Default: the caller. */
                userId?: string;
            };
            header?: never;
            path: {
                paymentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The refund. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refund"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    refundPayment: {
        parameters: {
            query?: never;
            header: {
                /** @description Unique per user action; reuse it on retry (IETF httpapi Idempotency-Key). */
                "Idempotency-Key": string;
            };
            path: {
                paymentId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefundRequest"];
            };
        };
        responses: {
            /** @description The refund, completed. */
            201: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Refund"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description request_timeout: the body did not arrive in time. */
            408: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A conflict: seat_unavailable, purchase_limit (seats held plus bought in the sale would pass maxSeatsPerUser), payment_in_progress, payment_aborted, session_used, reservation_not_held, idempotency_conflict, catalog_conflict; sale_sold_out, sale_closed or sale_not_accepting on entry; sale_exists. */
            409: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: bodies are at most 16 KiB. */
            413: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: send application/json. */
            415: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_amount, balance_limit or idempotency_mismatch. */
            422: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    charge: {
        parameters: {
            query?: never;
            header: {
                /** @description Unique per user action; reuse it on retry (IETF httpapi Idempotency-Key). */
                "Idempotency-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChargeRequest"];
            };
        };
        responses: {
            /** @description The new balance and its ledger entry. */
            201: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Charge"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description request_timeout: the body did not arrive in time. */
            408: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A conflict: seat_unavailable, purchase_limit (seats held plus bought in the sale would pass maxSeatsPerUser), payment_in_progress, payment_aborted, session_used, reservation_not_held, idempotency_conflict, catalog_conflict; sale_sold_out, sale_closed or sale_not_accepting on entry; sale_exists. */
            409: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: bodies are at most 16 KiB. */
            413: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: send application/json. */
            415: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description invalid_amount, balance_limit or idempotency_mismatch. */
            422: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    wallet: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Balance and history. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Wallet"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    demoToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DemoTokenRequest"];
            };
        };
        responses: {
            /** @description A bearer token valid for 12 hours. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DemoToken"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description request_timeout: the body did not arrive in time. */
            408: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: bodies are at most 16 KiB. */
            413: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: send application/json. */
            415: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminPublishConcert: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                concertId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConcertInput"];
            };
        };
        responses: {
            /** @description Published. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConcertPublished"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description request_timeout: the body did not arrive in time. */
            408: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A conflict: seat_unavailable, purchase_limit (seats held plus bought in the sale would pass maxSeatsPerUser), payment_in_progress, payment_aborted, session_used, reservation_not_held, idempotency_conflict, catalog_conflict; sale_sold_out, sale_closed or sale_not_accepting on entry; sale_exists. */
            409: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: bodies are at most 16 KiB. */
            413: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: send application/json. */
            415: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminListSales: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sales. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminSale"][];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminCreateSale: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SaleCreateRequest"];
            };
        };
        responses: {
            /** @description The sale, with its counts and ETag. */
            201: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description The sale's version, quoted: send it back in If-Match. */
                    ETag: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminSale"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description request_timeout: the body did not arrive in time. */
            408: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A conflict: seat_unavailable, purchase_limit (seats held plus bought in the sale would pass maxSeatsPerUser), payment_in_progress, payment_aborted, session_used, reservation_not_held, idempotency_conflict, catalog_conflict; sale_sold_out, sale_closed or sale_not_accepting on entry; sale_exists. */
            409: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: bodies are at most 16 KiB. */
            413: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: send application/json. */
            415: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminGetSale: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                saleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sale. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description The sale's version, quoted: send it back in If-Match. */
                    ETag: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminSale"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminChangeSale: {
        parameters: {
            query?: never;
            header: {
                /** @description The ETag of the sale as last read: 428 without it, 412 when someone changed the sale since. */
                "If-Match": string;
            };
            path: {
                saleId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/merge-patch+json": components["schemas"]["SalePatch"];
                "application/json": components["schemas"]["SalePatch"];
            };
        };
        responses: {
            /** @description The sale as changed, with its new ETag. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description The sale's version, quoted: send it back in If-Match. */
                    ETag: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminSale"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description request_timeout: the body did not arrive in time. */
            408: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description A conflict: seat_unavailable, purchase_limit (seats held plus bought in the sale would pass maxSeatsPerUser), payment_in_progress, payment_aborted, session_used, reservation_not_held, idempotency_conflict, catalog_conflict; sale_sold_out, sale_closed or sale_not_accepting on entry; sale_exists. */
            409: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description version_conflict: another operator changed the sale since the ETag sent in If-Match; read it again. */
            412: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description payload_too_large: bodies are at most 16 KiB. */
            413: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unsupported_media_type: send application/json. */
            415: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description precondition_required: send If-Match with the ETag of the sale as last read. */
            428: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminSaleEvents: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                saleId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream of AdminSale. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["AdminSale"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description Not found, or not the caller's (sale_not_found for an unknown sale). */
            404: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminAudit: {
        parameters: {
            query?: {
                limit?: number;
                /** @description The next of the previous page. */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the audit log. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AuditPage"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    adminEvents: {
        parameters: {
            query?: {
                /** @description The next cursor of the previous page. */
                after?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of events and the cursor of the next. */
            200: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventsPage"];
                };
            };
            /** @description validation_failed or idempotency_key_missing. */
            400: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description unauthorized: no, forged or expired bearer token. */
            401: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description token_not_active or token_expired: the Queue-Token is not an active session; not_in_sale: the schedule is not in the token's sale; pow_required or pow_invalid: entering needs a fresh solved challenge of this sale in Pow-Solution; forbidden: the bearer lacks the route's role (operator on /v1/admin); pass_invalid: the Admission-Pass is forged, expired, or for another user, token or sale. */
            403: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description rate_limited: over a rate limit (RateLimit-Policy says which); too_many_requests: too many status streams open. Retry after Retry-After seconds. */
            429: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description What is left of each limit: `r` requests for the next `t` seconds. */
                    RateLimit: string;
                    /** @description The limits this operation counts against, e.g. `"status";q=30;w=10` (30 requests per 10 s per user); see docs/security.md. */
                    "RateLimit-Policy": string;
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    readyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
            /** @description store_unavailable: retry after Retry-After seconds. */
            503: {
                headers: {
                    /** @description Seconds to wait before retrying. */
                    "Retry-After": number;
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Metrics. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    openapi: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI 3.1 document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    docs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description HTML. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description An unexpected error; logged with the request id. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["Problem"];
                };
            };
        };
    };
    webhook_queue_admitted: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt of one event, so a receiver drops repeats. */
                "webhook-id": string;
                /** @description When this attempt was sent, in epoch seconds: refuse one too far from now. */
                "webhook-timestamp": string;
                /** @description v1, then base64 of HMAC-SHA256 over `webhook-id.webhook-timestamp.body`, keyed by the base64 after `whsec_` in BOXOFFICE_WEBHOOK_SECRET. */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Webhook_queue_admitted"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the event. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything but a 2xx (or no answer within 10 s): the event is sent again later. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_queue_ended: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt of one event, so a receiver drops repeats. */
                "webhook-id": string;
                /** @description When this attempt was sent, in epoch seconds: refuse one too far from now. */
                "webhook-timestamp": string;
                /** @description v1, then base64 of HMAC-SHA256 over `webhook-id.webhook-timestamp.body`, keyed by the base64 after `whsec_` in BOXOFFICE_WEBHOOK_SECRET. */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Webhook_queue_ended"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the event. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything but a 2xx (or no answer within 10 s): the event is sent again later. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_reservation_held: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt of one event, so a receiver drops repeats. */
                "webhook-id": string;
                /** @description When this attempt was sent, in epoch seconds: refuse one too far from now. */
                "webhook-timestamp": string;
                /** @description v1, then base64 of HMAC-SHA256 over `webhook-id.webhook-timestamp.body`, keyed by the base64 after `whsec_` in BOXOFFICE_WEBHOOK_SECRET. */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Webhook_reservation_held"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the event. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything but a 2xx (or no answer within 10 s): the event is sent again later. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_reservation_released: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt of one event, so a receiver drops repeats. */
                "webhook-id": string;
                /** @description When this attempt was sent, in epoch seconds: refuse one too far from now. */
                "webhook-timestamp": string;
                /** @description v1, then base64 of HMAC-SHA256 over `webhook-id.webhook-timestamp.body`, keyed by the base64 after `whsec_` in BOXOFFICE_WEBHOOK_SECRET. */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Webhook_reservation_released"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the event. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything but a 2xx (or no answer within 10 s): the event is sent again later. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_payment_completed: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt of one event, so a receiver drops repeats. */
                "webhook-id": string;
                /** @description When this attempt was sent, in epoch seconds: refuse one too far from now. */
                "webhook-timestamp": string;
                /** @description v1, then base64 of HMAC-SHA256 over `webhook-id.webhook-timestamp.body`, keyed by the base64 after `whsec_` in BOXOFFICE_WEBHOOK_SECRET. */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Webhook_payment_completed"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the event. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything but a 2xx (or no answer within 10 s): the event is sent again later. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_payment_aborted: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt of one event, so a receiver drops repeats. */
                "webhook-id": string;
                /** @description When this attempt was sent, in epoch seconds: refuse one too far from now. */
                "webhook-timestamp": string;
                /** @description v1, then base64 of HMAC-SHA256 over `webhook-id.webhook-timestamp.body`, keyed by the base64 after `whsec_` in BOXOFFICE_WEBHOOK_SECRET. */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Webhook_payment_aborted"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the event. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything but a 2xx (or no answer within 10 s): the event is sent again later. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_wallet_charged: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt of one event, so a receiver drops repeats. */
                "webhook-id": string;
                /** @description When this attempt was sent, in epoch seconds: refuse one too far from now. */
                "webhook-timestamp": string;
                /** @description v1, then base64 of HMAC-SHA256 over `webhook-id.webhook-timestamp.body`, keyed by the base64 after `whsec_` in BOXOFFICE_WEBHOOK_SECRET. */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Webhook_wallet_charged"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the event. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything but a 2xx (or no answer within 10 s): the event is sent again later. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_refund_completed: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt of one event, so a receiver drops repeats. */
                "webhook-id": string;
                /** @description When this attempt was sent, in epoch seconds: refuse one too far from now. */
                "webhook-timestamp": string;
                /** @description v1, then base64 of HMAC-SHA256 over `webhook-id.webhook-timestamp.body`, keyed by the base64 after `whsec_` in BOXOFFICE_WEBHOOK_SECRET. */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Webhook_refund_completed"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the event. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything but a 2xx (or no answer within 10 s): the event is sent again later. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_sale_opened: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt of one event, so a receiver drops repeats. */
                "webhook-id": string;
                /** @description When this attempt was sent, in epoch seconds: refuse one too far from now. */
                "webhook-timestamp": string;
                /** @description v1, then base64 of HMAC-SHA256 over `webhook-id.webhook-timestamp.body`, keyed by the base64 after `whsec_` in BOXOFFICE_WEBHOOK_SECRET. */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Webhook_sale_opened"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the event. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything but a 2xx (or no answer within 10 s): the event is sent again later. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_sale_sold_out: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt of one event, so a receiver drops repeats. */
                "webhook-id": string;
                /** @description When this attempt was sent, in epoch seconds: refuse one too far from now. */
                "webhook-timestamp": string;
                /** @description v1, then base64 of HMAC-SHA256 over `webhook-id.webhook-timestamp.body`, keyed by the base64 after `whsec_` in BOXOFFICE_WEBHOOK_SECRET. */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Webhook_sale_sold_out"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the event. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything but a 2xx (or no answer within 10 s): the event is sent again later. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_sale_changed: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt of one event, so a receiver drops repeats. */
                "webhook-id": string;
                /** @description When this attempt was sent, in epoch seconds: refuse one too far from now. */
                "webhook-timestamp": string;
                /** @description v1, then base64 of HMAC-SHA256 over `webhook-id.webhook-timestamp.body`, keyed by the base64 after `whsec_` in BOXOFFICE_WEBHOOK_SECRET. */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Webhook_sale_changed"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the event. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything but a 2xx (or no answer within 10 s): the event is sent again later. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_waitlist_offered: {
        parameters: {
            query?: never;
            header: {
                /** @description The event id: the same on every attempt of one event, so a receiver drops repeats. */
                "webhook-id": string;
                /** @description When this attempt was sent, in epoch seconds: refuse one too far from now. */
                "webhook-timestamp": string;
                /** @description v1, then base64 of HMAC-SHA256 over `webhook-id.webhook-timestamp.body`, keyed by the base64 after `whsec_` in BOXOFFICE_WEBHOOK_SECRET. */
                "webhook-signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["Webhook_waitlist_offered"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the event. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Anything but a 2xx (or no answer within 10 s): the event is sent again later. */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
