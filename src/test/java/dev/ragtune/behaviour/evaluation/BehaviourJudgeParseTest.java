package dev.ragtune.behaviour.evaluation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The judge's reply is read strictly: one line "SCORE: n", n from 1 to 5; anything else is not a score. */
class BehaviourJudgeParseTest {

    @Test
    void exactlyOneScoreLineIsAScore() {
        assertThat(BehaviourJudge.parse("SCORE: 4")).isEqualTo(4);
        assertThat(BehaviourJudge.parse("  score:1\n")).isEqualTo(1);
        assertThat(BehaviourJudge.parse("Score: 5")).isEqualTo(5);
    }

    @Test
    void anythingElseIsUnparseableRatherThanGuessed() {
        for (String reply : List.of("", "4", "SCORE: 6", "SCORE: 0", "SCORE: 4/5", "SCORE: 3.5", "I'd say SCORE: 4",
                "SCORE: 4\nBecause the tone matches.", "SCORE: four", "SCORE: 2 or 3")) {
            assertThat(BehaviourJudge.parse(reply)).as("'%s'", reply).isNull();
        }
    }

    @Test
    void theJudgeReadsTheConversationWithoutItsSystemPromptThenTheWantedReplyThenTheReply() {
        BehaviourEvaluation.Example example = new BehaviourEvaluation.Example("line 3", List.of(
                new BehaviourEvaluation.Message("system", "You are Ava."), new BehaviourEvaluation.Message("user", "Reset my password")),
                "Happy to help! 1. Open Settings.");
        assertThat(BehaviourJudge.prompt(example, "Do it yourself.")).isEqualTo("""
                Conversation:
                user: Reset my password

                Wanted reply:
                Happy to help! 1. Open Settings.

                Reply to grade:
                Do it yourself.""");
    }
}
