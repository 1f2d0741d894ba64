{#- A row-level rule: a failure lists the rows where the expression is not true. -#}
{% test expression_is_true(model, expression) %}
select *
from {{ model }}
where not ({{ expression }})
{% endtest %}
