package dev.ragtune.behaviour.tuning;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.ragtune.behaviour.dataset.Dataset;
import dev.ragtune.behaviour.report.EpochRule;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A complete LoRA run configuration for an open toolkit, over a dataset's chat-template export
 * ({@code GET /finetune/datasets/{id}/export?format=chat-template&split=train}, saved as {@code <id>-train.jsonl}):
 * axolotl (any Hugging Face chat model) or torchtune's single-device LoRA recipe (the model families it ships
 * components for). The hyperparameters are common starting points (rank 16, alpha 32, dropout 0.05, cosine schedule);
 * epochs follow the same rule as the report's (OpenAI's default rule), so the two runs are comparable.
 */
public final class LoraRunConfigs {

    public enum Toolkit {
        AXOLOTL, TORCHTUNE;

        public static Optional<Toolkit> of(String name) {
            for (Toolkit toolkit : values()) {
                if (toolkit.name().equalsIgnoreCase(name)) {
                    return Optional.of(toolkit);
                }
            }
            return Optional.empty();
        }
    }

    /** torchtune builds models from per-family components; these are the families this config knows. */
    private record TorchtuneModel(String lora, String tokenizer, String modelType, List<String> checkpointFiles) {
    }

    private static final Map<String, TorchtuneModel> TORCHTUNE_MODELS = Map.of(
            "meta-llama/Llama-3.1-8B-Instruct", new TorchtuneModel("torchtune.models.llama3_1.lora_llama3_1_8b",
                    "torchtune.models.llama3.llama3_tokenizer", "LLAMA3", List.of("model-00001-of-00004.safetensors",
                    "model-00002-of-00004.safetensors", "model-00003-of-00004.safetensors", "model-00004-of-00004.safetensors")),
            "Qwen/Qwen2.5-7B-Instruct", new TorchtuneModel("torchtune.models.qwen2_5.lora_qwen2_5_7b_instruct",
                    "torchtune.models.qwen2_5.qwen2_5_tokenizer", "QWEN2", List.of("model-00001-of-00004.safetensors",
                    "model-00002-of-00004.safetensors", "model-00003-of-00004.safetensors", "model-00004-of-00004.safetensors")));

    public static final String DEFAULT_BASE_MODEL = "meta-llama/Llama-3.1-8B-Instruct";
    static final int RANK = 16;
    static final int ALPHA = 32;
    static final double DROPOUT = 0.05;
    static final int MAX_SEQUENCE = 4096;

    private static final YAMLMapper YAML = new YAMLMapper();

    private LoraRunConfigs() {
    }

    /** The toolkit's YAML; {@code adapterName} names the output directory and, later, vLLM's --lora-modules entry. */
    public static String render(Toolkit toolkit, Dataset dataset, String baseModel, String adapterName) {
        Map<String, Object> config = switch (toolkit) {
            case AXOLOTL -> axolotl(dataset, baseModel, adapterName);
            case TORCHTUNE -> torchtune(dataset, baseModel, adapterName);
        };
        try {
            return "# ragtune LoRA run for dataset " + dataset.id() + " (" + toolkit.name().toLowerCase() + ")\n" + YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the toolkit can run that base model: axolotl any, torchtune only the families it has components for. */
    public static boolean supports(Toolkit toolkit, String baseModel) {
        return toolkit == Toolkit.AXOLOTL || TORCHTUNE_MODELS.containsKey(baseModel);
    }

    public static List<String> torchtuneModels() {
        return TORCHTUNE_MODELS.keySet().stream().sorted().toList();
    }

    private static Map<String, Object> axolotl(Dataset dataset, String baseModel, String adapterName) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("base_model", baseModel);
        // the tokenizer's own template: what the model was instruction-tuned with and what vLLM serves by default
        config.put("chat_template", "tokenizer_default");
        config.put("datasets", List.of(axolotlDataset(dataset.id() + "-train.jsonl")));
        if (!dataset.validation().isEmpty()) {
            config.put("test_datasets", List.of(axolotlDataset(dataset.id() + "-validation.jsonl")));
        } else {
            config.put("val_set_size", 0.0);
        }
        config.put("dataset_prepared_path", "last_run_prepared");
        config.put("output_dir", "./outputs/" + adapterName);
        config.put("adapter", "lora");
        config.put("lora_r", RANK);
        config.put("lora_alpha", ALPHA);
        config.put("lora_dropout", DROPOUT);
        config.put("lora_target_linear", true);
        config.put("sequence_len", MAX_SEQUENCE);
        config.put("sample_packing", false);
        config.put("micro_batch_size", 2);
        config.put("gradient_accumulation_steps", 4);
        config.put("num_epochs", EpochRule.defaultEpochs(dataset.train().size()));
        config.put("optimizer", "adamw_torch");
        config.put("lr_scheduler", "cosine");
        config.put("learning_rate", 0.0002);
        config.put("warmup_ratio", 0.05);
        config.put("bf16", "auto");
        config.put("gradient_checkpointing", true);
        config.put("logging_steps", 10);
        config.put("save_strategy", "epoch");
        config.put("seed", dataset.seed());
        return config;
    }

    private static Map<String, Object> axolotlDataset(String path) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("path", path);
        source.put("ds_type", "json");
        source.put("split", "train");
        source.put("type", "chat_template");
        source.put("field_messages", "messages");
        source.put("message_property_mappings", Map.of("role", "role", "content", "content"));
        // learn the replies, not the user's turns or the persona
        source.put("roles_to_train", List.of("assistant"));
        return source;
    }

    private static Map<String, Object> torchtune(Dataset dataset, String baseModel, String adapterName) {
        TorchtuneModel family = TORCHTUNE_MODELS.get(baseModel);
        if (family == null) {
            throw new IllegalArgumentException("torchtune configs exist for " + torchtuneModels() + ", not '" + baseModel + "'");
        }
        String checkpoints = "./models/" + baseModel.substring(baseModel.indexOf('/') + 1);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("output_dir", "./outputs/" + adapterName);
        config.put("model", ordered("_component_", family.lora(), "lora_attn_modules", List.of("q_proj", "v_proj", "output_proj"),
                "apply_lora_to_mlp", true, "lora_rank", RANK, "lora_alpha", ALPHA, "lora_dropout", DROPOUT));
        config.put("tokenizer", ordered("_component_", family.tokenizer(), "path", checkpoints + "/original/tokenizer.model",
                "max_seq_len", MAX_SEQUENCE));
        config.put("checkpointer", ordered("_component_", "torchtune.training.FullModelHFCheckpointer", "checkpoint_dir", checkpoints,
                "checkpoint_files", family.checkpointFiles(), "recipe_checkpoint", null, "output_dir", "./outputs/" + adapterName,
                "model_type", family.modelType()));
        config.put("resume_from_checkpoint", false);
        config.put("save_adapter_weights_only", true);
        config.put("dataset", ordered("_component_", "torchtune.datasets.chat_dataset", "source", "json",
                "data_files", dataset.id() + "-train.jsonl", "split", "train", "conversation_column", "messages",
                "conversation_style", "openai", "packed", false));
        config.put("seed", dataset.seed());
        config.put("shuffle", true);
        config.put("batch_size", 2);
        config.put("epochs", EpochRule.defaultEpochs(dataset.train().size()));
        config.put("optimizer", ordered("_component_", "torch.optim.AdamW", "fused", true, "weight_decay", 0.01, "lr", 0.0003));
        config.put("lr_scheduler", ordered("_component_", "torchtune.training.lr_schedulers.get_cosine_schedule_with_warmup",
                "num_warmup_steps", 100));
        config.put("loss", ordered("_component_", "torchtune.modules.loss.CEWithChunkedOutputLoss"));
        config.put("gradient_accumulation_steps", 8);
        config.put("device", "cuda");
        config.put("dtype", "bf16");
        config.put("enable_activation_checkpointing", true);
        config.put("metric_logger", ordered("_component_", "torchtune.training.metric_logging.DiskLogger",
                "log_dir", "./outputs/" + adapterName + "/logs"));
        config.put("log_every_n_steps", 10);
        return config;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
