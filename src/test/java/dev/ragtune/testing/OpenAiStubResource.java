package dev.ragtune.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/** Points quarkus-langchain4j-openai at a local {@link OpenAiStub}. */
public class OpenAiStubResource implements QuarkusTestResourceLifecycleManager {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectOpenAiStub {
    }

    private OpenAiStub stub;

    @Override
    public Map<String, String> start() {
        stub = new OpenAiStub();
        return Map.of(
                "quarkus.langchain4j.openai.base-url", stub.baseUrl(),
                "quarkus.langchain4j.openai.api-key", "sk-test-not-a-real-key");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(stub, new TestInjector.AnnotatedAndMatchesType(InjectOpenAiStub.class, OpenAiStub.class));
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
    }
}
