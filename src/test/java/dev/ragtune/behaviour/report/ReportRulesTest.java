package dev.ragtune.behaviour.report;

import com.knuddels.jtokkit.api.EncodingType;
import dev.ragtune.behaviour.dataset.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The cookbook's epoch rule and token count, and the PII patterns, on known inputs. */
class ReportRulesTest {

    @Test
    void epochsFollowOpenAisCookbookRule() {
        assertThat(EpochRule.defaultEpochs(10)).isEqualTo(10);   // 10 x 3 < 100: 100 // 10
        assertThat(EpochRule.defaultEpochs(3)).isEqualTo(25);    // 100 // 3 = 33, capped at 25
        assertThat(EpochRule.defaultEpochs(40)).isEqualTo(3);    // 120 >= 100
        assertThat(EpochRule.defaultEpochs(8_334)).isEqualTo(2); // 25,002 > 25,000: 25,000 // 8,334
        assertThat(EpochRule.defaultEpochs(30_000)).isEqualTo(1);
    }

    @Test
    void chatTokensAddThreePerMessageAndThreeForTheReply() {
        ChatTokens tokens = new ChatTokens(model -> EncodingType.CL100K_BASE);
        List<ChatMessage> messages = List.of(ChatMessage.user("Hello"), ChatMessage.assistant("Hi there"));
        // user(1) + Hello(1) + assistant(1) + Hi there(2) + 2 x 3 + 3
        assertThat(tokens.example(messages, "any")).isEqualTo(1 + 1 + 1 + 2 + 6 + 3);
        assertThat(tokens.assistant(messages, "any")).isEqualTo(2);
    }

    @Test
    void piiNeedsALuhnValidCardAndAPhoneShapedNumber() {
        assertThat(PiiScanner.scan("card 4242 4242 4242 4242 please")).extracting(PiiScanner.Finding::kind).containsExactly(PiiScanner.Kind.CARD);
        assertThat(PiiScanner.scan("order 4242 4242 4242 4243")).isEmpty();
        assertThat(PiiScanner.scan("call (415) 555-0134 or +44 20 7946 0958")).extracting(PiiScanner.Finding::masked)
                .containsExactly("***0134", "***0958");
        assertThat(PiiScanner.scan("on 2025-03-01 order 12345, 30 days, version 3.2.1")).isEmpty();
        assertThat(PiiScanner.scan("write to ops@acme.example.com")).extracting(PiiScanner.Finding::masked).containsExactly("o***@acme.example.com");
    }

    @Test
    void maskingReplacesEachFindingInPlaceAndLeavesTheRestAlone() {
        assertThat(PiiScanner.mask("Mail jane.doe@example.com or call +1 415 555 0134; card 4111 1111 1111 1111, order 2024-05-01."))
                .isEqualTo("Mail j***@example.com or call ***0134; card ****1111, order 2024-05-01.");
        assertThat(PiiScanner.mask("nothing personal here")).isEqualTo("nothing personal here");
    }
}
