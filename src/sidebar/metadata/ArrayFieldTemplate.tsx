import { AddButton, DropButton, MoveButton } from '@jupyterlab/ui-components';
import type { ArrayFieldTemplateProps } from '@rjsf/utils';
import * as React from 'react';

import { listNeedsItems } from './formSections';

/**
 * Lists (experimenters, keywords, probes…) in the sidebar's width: each item
 * with JupyterLab's icon buttons to reorder and remove, and one to add.
 */
export function ArrayFieldTemplate(
  props: ArrayFieldTemplateProps
): JSX.Element {
  const { idSchema, title, items, canAdd, schema } = props;
  const editable = !props.readonly && !props.disabled;
  const needsItems = listNeedsItems(props.required, schema);
  return (
    <fieldset className="jp-IblNwb-array" id={idSchema.$id}>
      <legend id={`${idSchema.$id}__title`}>
        {title}
        {needsItems ? ' *' : ''}
      </legend>
      {schema.description && (
        <div className="jp-FormGroup-description">{schema.description}</div>
      )}
      {items.length === 0 && !editable && (
        <div className="jp-IblNwb-hint">None</div>
      )}
      {items.map(item => (
        <div key={item.key} className="jp-IblNwb-arrayItem">
          <div className="jp-IblNwb-arrayItemContent">{item.children}</div>
          {editable && item.hasToolbar && (
            <div className="jp-ArrayOperations">
              {(item.hasMoveUp || item.hasMoveDown) && (
                <>
                  <MoveButton buttonStyle="icons" item={item} direction="up" />
                  <MoveButton
                    buttonStyle="icons"
                    item={item}
                    direction="down"
                  />
                </>
              )}
              {item.hasRemove && <DropButton buttonStyle="icons" item={item} />}
            </div>
          )}
        </div>
      ))}
      {canAdd && editable && (
        <AddButton buttonStyle="icons" onAddClick={props.onAddClick} />
      )}
    </fieldset>
  );
}
