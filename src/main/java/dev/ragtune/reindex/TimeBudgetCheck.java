package dev.ragtune.reindex;

import dev.ragtune.config.TimeBudgetConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses to start with a time budget the deployment cannot keep: POST /reindex works inside the request, so its
 * budget must end before the function's timeout does. (The model calls' sum is TimeBudgetTest's to check: their
 * timeouts live in fault-tolerance annotations and their overrides.)
 */
@ApplicationScoped
public class TimeBudgetCheck {

    void check(@Observes StartupEvent started, TimeBudgetConfig budget, ReindexConfig reindex) {
        if (budget.httpFunction().compareTo(budget.gateway()) >= 0) {
            throw new IllegalStateException("ragtune.time-budget.http-function (" + budget.httpFunction()
                    + ") must be below ragtune.time-budget.gateway (" + budget.gateway() + ")");
        }
        if (reindex.requestBudget().plus(budget.other()).compareTo(budget.httpFunction()) > 0) {
            throw new IllegalStateException("ragtune.reindex.request-budget (" + reindex.requestBudget()
                    + ") plus ragtune.time-budget.other must fit in ragtune.time-budget.http-function (" + budget.httpFunction() + ")");
        }
    }
}
