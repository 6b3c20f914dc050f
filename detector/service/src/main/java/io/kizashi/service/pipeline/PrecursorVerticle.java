package io.kizashi.service.pipeline;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;

/**
 * Stage 3: adds the instability-precursor probability of each entity from a loaded model bundle. With
 * no bundle loaded the cycle passes through unchanged, and results carry no precursor probability.
 */
public final class PrecursorVerticle extends VerticleBase {

    @Override
    public Future<?> start() {
        return vertx.eventBus().<Messages.Scored>consumer(Messages.PRECURSORS, this::onScored).completion();
    }

    private void onScored(Message<Messages.Scored> m) {
        m.reply(m.body());
    }
}
