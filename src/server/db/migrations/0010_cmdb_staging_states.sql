-- Custom SQL migration file, put your code below! --
-- hand-written below
-- Servers and staging environments know the inventory's fifth state, "stopping".
UPDATE ci_classes
SET attributes = (
  SELECT jsonb_agg(
    CASE WHEN attribute->>'key' = 'state' AND NOT (attribute->'options' @> '[{"value":"stopping"}]'::jsonb)
      THEN jsonb_set(attribute, '{options}', (attribute->'options') || '[{"value":"stopping","label":"stopping"}]'::jsonb)
      ELSE attribute END
    ORDER BY ordinality)
  FROM jsonb_array_elements(attributes) WITH ORDINALITY AS element(attribute, ordinality)
)
WHERE key IN ('server', 'staging_environment') AND built_in;
