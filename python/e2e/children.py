"""create_children by count and by tag values, a grandchild via child_run, then get_children."""
import json

from azureml.core import Run

run = Run.get_context()
by_count = run.create_children(count=2)
by_tag = run.create_children(tag_key="fold", tag_values=["a", "b", "c"])
grandchild = by_count[0].child_run(name="inner")
by_count[0].log("child_metric", 1)
by_count[0].flush()
grandchild.complete()

direct = sorted(child.id for child in run.get_children())
everything = sorted(child.id for child in run.get_children(recursive=True))
folds = sorted(child.get_tags().get("fold") for child in run.get_children(tags="fold"))
numbers = sorted(child.get_tags().get("azureml.batch_child_number") for child in by_count)
recursive = run.get_metrics(recursive=True)
assert recursive[by_count[0].id] == {"child_metric": 1}, recursive
assert by_count[0].parent.id == run.id
print(json.dumps({
    "direct": direct, "all": everything, "folds": folds, "numbers": numbers, "grandchild": grandchild.id,
    "grandchildStatus": grandchild.get_status(),
}))
