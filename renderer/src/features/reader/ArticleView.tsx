import { ListItemNode, ListNode } from '@lexical/list';
import { LexicalComposer } from '@lexical/react/LexicalComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { HeadingNode, QuoteNode } from '@lexical/rich-text';
import type { Article } from '../../../../core/model';
import { $buildArticle } from './article-nodes';

const theme = {
  paragraph: 'rd-p',
  heading: { h2: 'rd-h2' },
  quote: 'rd-quote',
  list: { ul: 'rd-list', listitem: 'rd-li' },
};

/** The article text in a read-only Lexical editor, one node per block. */
export function ArticleView({ article }: { article: Article }) {
  return (
    <LexicalComposer
      key={article.id}
      initialConfig={{
        namespace: 'gloss-reader',
        editable: false,
        theme,
        nodes: [HeadingNode, QuoteNode, ListNode, ListItemNode],
        onError: (error) => {
          throw error;
        },
        editorState: () => $buildArticle(article),
      }}
    >
      <RichTextPlugin
        contentEditable={<ContentEditable className="reader-text" aria-label="Article text" />}
        ErrorBoundary={LexicalErrorBoundary}
      />
    </LexicalComposer>
  );
}
