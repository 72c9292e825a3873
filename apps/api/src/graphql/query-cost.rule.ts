import {
  ASTVisitor,
  FragmentDefinitionNode,
  GraphQLError,
  GraphQLField,
  GraphQLObjectType,
  GraphQLSchema,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  TypeNameMetaFieldDef,
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

/** A selected field's definition, the introspection fields (`__schema`, `__type`, `__typename`) included. */
function fieldOf(schema: GraphQLSchema, parent: GraphQLObjectType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === TypeNameMetaFieldDef.name) return TypeNameMetaFieldDef;
  if (parent === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  return parent.getFields()[name];
}

/** Introspection's entry points (at the root of a query). */
const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

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
 * Refuses a query whose cost exceeds `maxCost`: each selected field costs 1 (`__typename` too) plus
 * what is selected inside it, multiplied by LIST_FACTOR when the field returns a list. Introspection
 * (`__schema`, `__type` at the root) is priced the same way against a budget of its own,
 * `maxIntrospectionCost`: the standard introspection query lists every type's fields' arguments
 * (about 50,000 by this measure), far more than any data query needs, and nesting it further
 * multiplies the work like any list.
 *
 * Safe by construction: each fragment is priced once per parent type (memoized), so the work is
 * linear in the document however often fragments spread each other; a fragment that spreads itself
 * (directly or not) is not expanded at all: graphql's NoFragmentCycles rule reports it.
 */
export function queryCostLimit(maxCost: number, maxIntrospectionCost = maxCost): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const schema = context.getSchema();
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const priced = new Map<string, number>();
    const pricing = new Set<string>();
    let cyclic = false;

    const fragmentCost = (name: string, parent: GraphQLNamedType): number => {
      const fragment = fragments.get(name);
      if (!fragment) return 0; // unknown fragments are reported by the standard rules
      const key = `${name}@${parent.name}`;
      const known = priced.get(key);
      if (known !== undefined) return known;
      if (pricing.has(key)) {
        cyclic = true;
        return 0;
      }
      pricing.add(key);
      const cost = costOf(fragment.selectionSet, parent);
      pricing.delete(key);
      priced.set(key, cost);
      return cost;
    };

    const costOf = (selectionSet: SelectionSetNode, parent: GraphQLNamedType): number => {
      if (!isObjectType(parent)) return 0;
      let cost = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const field = fieldOf(schema, parent, selection.name.value);
          if (!field) continue; // unknown fields are reported by the standard rules
          const { named, list } = unwrap(field.type);
          const inner = selection.selectionSet ? costOf(selection.selectionSet, named) : 0;
          cost += 1 + (list ? LIST_FACTOR : 1) * inner;
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          cost += costOf(selection.selectionSet, parent);
        } else {
          cost += fragmentCost(selection.name.value, parent);
        }
      }
      return cost;
    };

    return {
      OperationDefinition(operation) {
        const root = operation.operation === 'query' ? schema.getQueryType() : undefined;
        if (!root) return;
        const introspection = operation.selectionSet.selections
          .filter((s) => s.kind === Kind.FIELD && INTROSPECTION_ROOTS.has(s.name.value))
          .reduce((sum, field) => sum + costOf({ kind: Kind.SELECTION_SET, selections: [field] }, root), 0);
        const cost = costOf(operation.selectionSet, root) - introspection;
        if (cyclic) return;
        if (cost > maxCost) tooCostly(context, `query cost ${cost} exceeds the limit of ${maxCost}`);
        if (introspection > maxIntrospectionCost) {
          tooCostly(context, `introspection cost ${introspection} exceeds the limit of ${maxIntrospectionCost}`);
        }
      },
    };
  };
}

/**
 * Refuses an operation whose fields nest deeper than `maxDepth` (fragments count as written out).
 * `__schema` and `__type` selections are not counted: the standard introspection query (GraphiQL,
 * codegen) nests 13 levels. What they cost is bounded by the cost rule's introspection budget, and
 * graphql's specified MaxIntrospectionDepthRule refuses nesting type lists in each other.
 */
export function queryDepthLimit(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const measured = new Map<string, number>();
    const measuring = new Set<string>();

    const fragmentDepth = (name: string): number => {
      const known = measured.get(name);
      if (known !== undefined) return known;
      const fragment = fragments.get(name);
      // Unknown fragments and cycles are reported by the standard rules.
      if (!fragment || measuring.has(name)) return 0;
      measuring.add(name);
      const depth = depthOf(fragment.selectionSet);
      measuring.delete(name);
      measured.set(name, depth);
      return depth;
    };

    const depthOf = (selectionSet: SelectionSetNode): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        let depth: number;
        if (selection.kind === Kind.FIELD) {
          if (INTROSPECTION_ROOTS.has(selection.name.value)) continue;
          depth = 1 + (selection.selectionSet ? depthOf(selection.selectionSet) : 0);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          depth = depthOf(selection.selectionSet);
        } else {
          depth = fragmentDepth(selection.name.value);
        }
        deepest = Math.max(deepest, depth);
      }
      return deepest;
    };

    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet);
        if (depth > maxDepth) tooCostly(context, `query depth ${depth} exceeds the limit of ${maxDepth}`);
      },
    };
  };
}

/** Refuses a document with more than `max` aliased fields (each alias runs its field again). */
export function aliasLimit(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(field) {
        if (field.alias) aliases++;
      },
      Document: {
        leave() {
          if (aliases > max) tooCostly(context, `${aliases} aliases exceeds the limit of ${max}`);
        },
      },
    };
  };
}

/** Refuses a document with more than `max` directives. */
export function directiveLimit(max: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let directives = 0;
    return {
      Directive() {
        directives++;
      },
      Document: {
        leave() {
          if (directives > max) tooCostly(context, `${directives} directives exceeds the limit of ${max}`);
        },
      },
    };
  };
}

function tooCostly(context: ValidationContext, message: string): void {
  context.reportError(new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COSTLY' } }));
}
