package dev.ragtune.ask;

import java.util.Optional;

/** What tokens cost in USD, by model name (ragtune.answer.prices): for each answer and for the advisor's comparison. */
public class Pricing {

    private final AnswerConfig config;

    public Pricing(AnswerConfig config) {
        this.config = config;
    }

    public Optional<AnswerConfig.Price> price(String model) {
        return Optional.ofNullable(config.prices().get(model));
    }

    /** One request's cost, to the hundred-millionth of a dollar; 0 for a model without a configured price. */
    public double cost(String model, double promptTokens, double completionTokens) {
        return Math.round(usd(model, promptTokens, completionTokens) * 1e8) / 1e8;
    }

    /** The cost of 1,000 requests of this size, to the millionth of a dollar. */
    public double costPer1k(String model, double promptTokens, double completionTokens) {
        return Math.round(usd(model, promptTokens, completionTokens) * 1000 * 1e6) / 1e6;
    }

    private double usd(String model, double promptTokens, double completionTokens) {
        return price(model).map(p -> (promptTokens * p.input() + completionTokens * p.output()) / 1_000_000).orElse(0.0);
    }
}
