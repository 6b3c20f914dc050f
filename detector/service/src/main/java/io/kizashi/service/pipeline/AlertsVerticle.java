package io.kizashi.service.pipeline;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;

/**
 * Stage 5: evaluates the alert rules on a written cycle and hands transitions to delivery. With no
 * rules configured the cycle completes here.
 */
public final class AlertsVerticle extends VerticleBase {

    @Override
    public Future<?> start() {
        return vertx.eventBus().<Messages.Written>consumer(Messages.ALERTS, this::onWritten).completion();
    }

    private void onWritten(Message<Messages.Written> m) {
        m.reply(m.body());
    }
}
