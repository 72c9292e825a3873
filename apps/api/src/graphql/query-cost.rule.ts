import {
  GraphQLError,
  GraphQLNamedType,
  GraphQLType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';

/** A list is assumed to hold this many items when pricing what is selected inside it. */
const LIST_FACTOR = 10;

function unwrap(type: GraphQLType): { named: GraphQLNamedType; list: boolean } {
  let list = false;
  let current = type;
  for (;;) {
    if (isNonNullType(current)) current = current.ofType;
    else if (isListType(current)) {
      list = true;
      current = current.ofType;
    } else return { named: current, list };
  }
}

/**
 * Refuses a query whose cost exceeds `maxCost`: each selected field costs 1 plus what is selected
 * inside it, multiplied by LIST_FACTOR when the field returns a list. Fragments are expanded.
 */
export function queryCostLimit(maxCost: number): ValidationRule {
  return (context: ValidationContext) => {
    const schema = context.getSchema();
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d] as const),
    );
    const costOf = (selectionSet: SelectionSetNode, parent: GraphQLNamedType, depth: number): number => {
      if (depth > 64 || !isObjectType(parent)) return 0;
      let cost = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const field = parent.getFields()[selection.name.value];
          if (!field) continue; // unknown fields are reported by the standard rules
          const { named, list } = unwrap(field.type);
          const inner = selection.selectionSet ? costOf(selection.selectionSet, named, depth + 1) : 0;
          cost += 1 + (list ? LIST_FACTOR : 1) * inner;
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          cost += costOf(selection.selectionSet, parent, depth + 1);
        } else {
          const fragment = fragments.get(selection.name.value);
          if (fragment) cost += costOf(fragment.selectionSet, parent, depth + 1);
        }
      }
      return cost;
    };
    return {
      OperationDefinition(operation) {
        const root = operation.operation === 'query' ? schema.getQueryType() : undefined;
        if (!root) return;
        const cost = costOf(operation.selectionSet, root, 0);
        if (cost > maxCost) {
          context.reportError(
            new GraphQLError(`query cost ${cost} exceeds the limit of ${maxCost}`, { extensions: { code: 'QUERY_TOO_COSTLY' } }),
          );
        }
      },
    };
  };
}
