package io.voronka.pipeline;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.voronka.kernel.access.Actor;
import io.voronka.kernel.field.EntityDefinition;
import io.voronka.process.ProcessVariables;
import io.voronka.record.RecordData;
import io.voronka.record.RecordService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.flowable.engine.HistoryService;
import org.flowable.engine.RuntimeService;
import org.flowable.engine.history.HistoricProcessInstance;
import org.flowable.engine.impl.persistence.entity.ExecutionEntity;
import org.flowable.engine.runtime.Execution;
import org.flowable.engine.runtime.ProcessInstance;

/**
 * The kanban of a pipeline: each record its process runs for, in every stage (lane) where its
 * instance waits now, so a record in two parallel branches shows in both columns; a record whose
 * instance ended stays in the stage of the end it reached (won, lost). Only records the reader may
 * read and that match the filter are shown or counted.
 */
public final class PipelineBoard {

    /** Instances read per board, running and ended each: a board is for the work in hand, not an archive. */
    static final int INSTANCES = 5000;

    private final Pipelines pipelines;
    private final RuntimeService runtime;
    private final HistoryService history;
    private final RecordService records;

    public PipelineBoard(Pipelines pipelines, RuntimeService runtime, HistoryService history, RecordService records) {
        this.pipelines = pipelines;
        this.runtime = runtime;
        this.history = history;
        this.records = records;
    }

    record RecordRef(String entity, String id) {
    }

    /** Where one record is: the stage keys in pipeline order, and whether its process still runs. */
    record Place(Set<String> stages, boolean running) {
    }

    public JsonObject board(Actor actor, String processKey, String filter, int limit) {
        Pipeline pipeline = pipelines.get(processKey);
        if (filter != null && pipeline.entity() != null) {
            records.checkFilter(pipeline.entity(), filter);
        }
        Map<RecordRef, Place> places = places(pipeline);
        Map<RecordRef, RecordData> visible = visible(actor, places.keySet(), filter);
        Map<String, List<RecordRef>> byStage = new LinkedHashMap<>();
        pipeline.stages().stages().forEach(s -> byStage.put(s.key(), new ArrayList<>()));
        visible.keySet().forEach(ref -> places.get(ref).stages().forEach(stage -> byStage.get(stage).add(ref)));
        Comparator<RecordRef> newestFirst = Comparator.comparing((RecordRef ref) -> visible.get(ref).updatedAt()).reversed()
                .thenComparing(RecordRef::id);
        JsonArray stages = new JsonArray();
        for (Stage stage : pipeline.stages().stages()) {
            List<RecordRef> in = byStage.get(stage.key());
            in.sort(newestFirst);
            JsonArray cards = new JsonArray();
            in.stream().limit(limit).forEach(ref -> cards.add(card(ref, visible.get(ref), places.get(ref))));
            stages.add(PipelineRoutes.stageJson(stage).put("count", in.size()).put("cards", cards));
        }
        return new JsonObject().put("pipeline", PipelineRoutes.pipelineJson(pipeline)).put("stages", stages);
    }

    private JsonObject card(RecordRef ref, RecordData record, Place place) {
        EntityDefinition entity = records.entity(ref.entity());
        String title = entity.titleFields().stream().map(record.values()::get).filter(Objects::nonNull)
                .map(Object::toString).collect(Collectors.joining(" "));
        return new JsonObject().put("entity", ref.entity()).put("id", ref.id()).put("version", record.version())
                .put("title", title.isEmpty() ? ref.id() : title).put("stages", new JsonArray(List.copyOf(place.stages())))
                .put("running", place.running());
    }

    /** Each record's stages: from its running instances, else from the end its newest instance reached. */
    private Map<RecordRef, Place> places(Pipeline pipeline) {
        List<String> order = pipeline.stages().stages().stream().map(Stage::key).toList();
        Map<String, List<String>> activities = new HashMap<>();
        for (Execution execution : runtime.createExecutionQuery().processDefinitionKey(pipeline.key())
                .onlyChildExecutions().listPage(0, INSTANCES * 4)) {
            if (execution.getActivityId() != null && (!(execution instanceof ExecutionEntity entity) || entity.isActive())) {
                activities.computeIfAbsent(execution.getProcessInstanceId(), id -> new ArrayList<>()).add(execution.getActivityId());
            }
        }
        var instances = runtime.createProcessInstanceQuery().processDefinitionKey(pipeline.key());
        if (pipeline.entity() == null) {
            instances = instances.includeProcessVariables();
        }
        Map<RecordRef, Set<String>> running = new HashMap<>();
        for (ProcessInstance instance : instances.listPage(0, INSTANCES)) {
            RecordRef ref = ref(pipeline, instance.getBusinessKey(), instance.getProcessVariables());
            StageMap stages = pipelines.stagesOf(instance.getProcessDefinitionId()).orElse(null);
            if (ref == null || stages == null) {
                continue;
            }
            Set<String> at = running.computeIfAbsent(ref, r -> new HashSet<>());
            activities.getOrDefault(instance.getId(), List.of())
                    .forEach(activity -> stages.stageOf(activity).ifPresent(stage -> at.add(stage.key())));
        }
        Map<RecordRef, Place> places = new HashMap<>();
        running.forEach((ref, at) -> places.put(ref, new Place(ordered(order, at), true)));
        var ended = history.createHistoricProcessInstanceQuery().processDefinitionKey(pipeline.key()).finished()
                .notDeleted().orderByProcessInstanceEndTime().desc();
        if (pipeline.entity() == null) {
            ended = ended.includeProcessVariables();
        }
        for (HistoricProcessInstance instance : ended.listPage(0, INSTANCES)) {
            RecordRef ref = ref(pipeline, instance.getBusinessKey(), instance.getProcessVariables());
            if (ref == null || places.containsKey(ref) || instance.getEndActivityId() == null) {
                continue; // running again, or a newer end already placed it
            }
            pipelines.stagesOf(instance.getProcessDefinitionId()).flatMap(s -> s.stageOf(instance.getEndActivityId()))
                    .ifPresentOrElse(stage -> places.put(ref, new Place(ordered(order, Set.of(stage.key())), false)),
                            () -> places.put(ref, new Place(Set.of(), false)));
        }
        places.values().removeIf(place -> place.stages().isEmpty());
        return places;
    }

    /** Stage keys in the pipeline's order, dropping those the newest version no longer has. */
    private static Set<String> ordered(List<String> order, Set<String> keys) {
        Set<String> result = new LinkedHashSet<>();
        order.stream().filter(keys::contains).forEach(result::add);
        return result;
    }

    private static RecordRef ref(Pipeline pipeline, String businessKey, Map<String, Object> variables) {
        String entity = pipeline.entity();
        if (entity == null) {
            Object named = variables == null ? null : variables.get(ProcessVariables.ENTITY);
            entity = named == null ? null : named.toString();
        }
        String id = businessKey;
        if (id == null && variables != null && variables.get(ProcessVariables.RECORD_ID) != null) {
            id = variables.get(ProcessVariables.RECORD_ID).toString();
        }
        return entity == null || id == null ? null : new RecordRef(entity, id);
    }

    private Map<RecordRef, RecordData> visible(Actor actor, Set<RecordRef> refs, String filter) {
        Map<String, Set<String>> idsByEntity = new HashMap<>();
        refs.forEach(ref -> idsByEntity.computeIfAbsent(ref.entity(), e -> new HashSet<>()).add(ref.id()));
        Map<RecordRef, RecordData> visible = new HashMap<>();
        idsByEntity.forEach((entity, ids) -> {
            if (records.catalog().find(entity).isPresent()) {
                records.readableRecords(actor, entity, ids, filter).forEach((id, record) -> visible.put(new RecordRef(entity, id), record));
            }
        });
        return visible;
    }
}
