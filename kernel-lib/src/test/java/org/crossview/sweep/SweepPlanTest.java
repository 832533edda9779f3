package org.crossview.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepPlanTest {
    static JsonObject json(String s) {
        return new JsonParser().parse(s.replace('\'', '"')).getAsJsonObject();
    }

    static final String PLAN = "{'name': 't', 'command': 'train', 'vars': {'steps': '10'},"
            + " 'args': ['--steps', '{steps}', '--seed', '{seed}', '--out', '{out}/m.zip'],"
            + " 'axes': {'variant': [{'name': 'pose only', 'args': ['--weights', '1,0,0,0']}, {'name': 'all', 'args': ['--weights', '1,1,1,1']}],"
            + "          'seed': [1, 2, 3]},"
            + " 'output': 'out', 'resources': {'cpus': 2, 'memory_mb': 100, 'gpus': 1, 'time_min': 90}}";

    @Test
    void theTasksAreTheProductOfTheAxesWithEveryPlaceholderFilled(@TempDir Path dir) {
        JsonObject o = json(PLAN);
        o.addProperty("workdir", dir.toString());
        SweepPlan p = SweepPlan.parse(o, "test", Map.of("steps", "7"), null);
        List<SweepTask> tasks = p.tasks();
        assertEquals(6, tasks.size());
        assertEquals(6, tasks.stream().map(SweepTask::id).distinct().count(), "ids are unique");
        SweepTask t = tasks.get(4); // variant 'all' (second), seed 2 (second): 1·3 + 1
        assertEquals(Map.of("variant", "all", "seed", "2"), t.axes());
        assertEquals(dir.resolve("out/tasks").resolve(t.id()), t.dir());
        assertEquals(List.of("train", "--steps", "7", "--seed", "2", "--out", t.dir() + "/m.zip", "--weights", "1,1,1,1"), t.args());
        assertEquals(new SweepPlan.Resources(2, 100, 1, 90), p.resources());
        // every (variant, seed) pair occurs once
        Set<String> pairs = tasks.stream().map(x -> x.axes().get("variant") + "/" + x.axes().get("seed")).collect(Collectors.toSet());
        assertEquals(6, pairs.size());
    }

    @Test
    void badPlansFailNamingTheField(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepPlan.parse(json(PLAN.replace("{steps}", "{stepz}")), "test", Map.of(), dir));
        assertTrue(e.getMessage().contains("{stepz}"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SweepPlan.parse(json(PLAN), "test", Map.of("nope", "1"), dir));
        assertTrue(e.getMessage().contains("--set nope"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SweepPlan.parse(json(PLAN.replace("'command': 'train',", "")), "test", Map.of(), dir));
        assertTrue(e.getMessage().contains("'command'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SweepPlan.parse(json(PLAN.replace("'cpus': 2", "'cpus': 0")), "test", Map.of(), dir));
        assertTrue(e.getMessage().contains("resources.cpus"), e.getMessage());
        JsonObject o = json(PLAN);
        o.add("require_files", new JsonParser().parse("['{steps}.h5']"));
        SweepPlan p = SweepPlan.parse(o, "test", Map.of(), dir);
        e = assertThrows(IllegalArgumentException.class, p::checkInputs);
        assertTrue(e.getMessage().contains("10.h5") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void environmentVariablesFallBackToTheirDefault(@TempDir Path dir) {
        assertEquals("a/b", SweepPlan.env("${CROSSVIEW_SURELY_UNSET_VAR:-a}/b", "x"));
        assertThrows(IllegalArgumentException.class, () -> SweepPlan.env("${CROSSVIEW_SURELY_UNSET_VAR}", "x"));
    }

    @Test
    void thePaperPlanHasNinetyTasksOverTheSixDeepFluoroSpecimens() throws Exception {
        SweepPlan p = SweepPlan.read(Path.of("..", "plans", "ablation-paper.json"), Map.of(), null);
        assertEquals(90, p.tasks().size());
        assertEquals(List.of("17-1882", "18-1109", "18-0725", "18-2799", "18-2800", "17-1905"),
                p.axis("specimen").values().stream().map(SweepPlan.Value::label).toList());
        assertEquals(5, p.axis("variant").values().size());
        assertEquals(3, p.axis("seed").values().size());
        SweepPlan t = SweepPlan.read(Path.of("..", "plans", "ablation-tutorial.json"), Map.of(), null);
        assertEquals(15, t.tasks().size());
    }
}
